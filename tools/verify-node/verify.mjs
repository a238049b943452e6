#!/usr/bin/env node
// An independent verifier of Purser audit logs: shares no code with the signer (Java, BouncyCastle,
// the erdtman JCS library). Only Node's built-in modules: Ed25519 and SHA-256 from `crypto`, and a
// small RFC 8785 canonicalization written here.
//
//   node verify.mjs --jwks <jwks.json> <sink folder | file.jsonl>...
//
// For every line (one CloudEvent in structured JSON mode) it checks, in log order:
//   - id == data.decision_id, subject == data.budget_id, and data.kid names a key of the JWK Set;
//   - the Ed25519 signature (base64url, extension attribute `signature`) over the RFC 8785 canonical
//     JSON of {id, source, type, datacontenttype, time, data};
//   - the tenant's chain: data.chain.seq == previous seq + 1 (from 1), data.chain.prev == hex
//     SHA-256 of the previous event's signed bytes (64 zeros at seq 1);
//   - every file ends with a newline (a file cut mid-line is refused);
//   - given a sink folder with checkpoint.json: every tenant's chain reaches the head the sink recorded.
// A folder's segments p<partition>-<first offset>.jsonl are read by partition, then offset.
// Prints "OK <n> events, <t> tenants" and exits 0, or "FAILED <where>: <problem>" and exits 1;
// exit 2 for usage or unreadable input.

import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const GENESIS = '0'.repeat(64);

/** RFC 8785: object members sorted by the UTF-16 code units of their names; ECMAScript number and string forms. */
export function canonicalize(value) {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Error('not a finite number');
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        throw new Error(`integer ${value} is beyond 2^53 and cannot be verified exactly`);
      }
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) return '[' + value.map(canonicalize).join(',') + ']';
      // Array.prototype.sort without a comparator compares UTF-16 code units, as RFC 8785 asks.
      return '{' + Object.keys(value).sort()
        .map((name) => JSON.stringify(name) + ':' + canonicalize(value[name])).join(',') + '}';
    default:
      throw new Error(`not a JSON value: ${typeof value}`);
  }
}

export class Violation extends Error {}

function usage(message) {
  if (message) console.error(message);
  console.error('usage: node verify.mjs --jwks <jwks.json> <sink folder | file.jsonl>...');
  process.exit(2);
}

function readKeys(file) {
  const jwks = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(jwks.keys)) throw new Error(`${file} is not a JWK Set: no "keys" array`);
  return keysOf(jwks);
}

/** kid -> public key, for the Ed25519 keys of a parsed JWK Set. */
export function keysOf(jwks) {
  const keys = new Map();
  for (const jwk of jwks.keys) {
    if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && jwk.kid && jwk.x) {
      keys.set(jwk.kid, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' }));
    }
  }
  return keys;
}

/** p<partition>-<offset>.jsonl: by partition number, then offset (both compared as numbers). */
function segmentOrder(a, b) {
  const parse = (name) => {
    const m = /^p(\d+)-(\d+)\.jsonl$/.exec(name);
    return m ? [Number(m[1]), BigInt(m[2])] : [Number.MAX_SAFE_INTEGER, 0n];
  };
  const [pa, oa] = parse(basename(a));
  const [pb, ob] = parse(basename(b));
  if (pa !== pb) return pa - pb;
  if (oa !== ob) return oa < ob ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function inputs(paths) {
  const files = [];
  let heads = null;
  for (const path of paths) {
    if (statSync(path).isDirectory()) {
      files.push(...readdirSync(path).filter((n) => n.endsWith('.jsonl')).map((n) => join(path, n))
        .sort(segmentOrder));
      const checkpoint = join(path, 'checkpoint.json');
      if (heads === null && existsSync(checkpoint)) {
        heads = JSON.parse(readFileSync(checkpoint, 'utf8')).heads ?? {};
      }
    } else {
      files.push(path);
    }
  }
  return { files, heads: heads ?? {} };
}

function main(argv) {
  let jwksFile = null;
  const paths = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--jwks') jwksFile = argv[++i];
    else paths.push(argv[i]);
  }
  if (!jwksFile || paths.length === 0) usage();

  let keys;
  let files;
  let expectedHeads;
  try {
    keys = readKeys(jwksFile);
    ({ files, heads: expectedHeads } = inputs(paths));
  } catch (e) {
    console.error(`cannot verify: ${e.message}`);
    process.exit(2);
  }

  const heads = new Map(); // tenant -> { seq, hash }
  let events = 0;
  try {
    for (const file of files) {
      const text = readFileSync(file);
      let start = 0;
      let lineNo = 0;
      while (start < text.length) {
        const end = text.indexOf(0x0a, start);
        lineNo++;
        const where = `${basename(file)} line ${lineNo}`;
        if (end < 0) throw new Violation(`${where}: the last line has no newline (the file was cut mid-line)`);
        checkEvent(where, text.subarray(start, end).toString('utf8'), keys, heads, expectedHeads);
        events++;
        start = end + 1;
      }
    }
    for (const tenant of Object.keys(expectedHeads).sort()) {
      const seen = heads.get(tenant)?.seq ?? 0;
      if (seen < expectedHeads[tenant].seq) {
        throw new Violation(`end of log (tenant ${tenant}): the log ends at seq ${seen} but the sink recorded seq `
          + `${expectedHeads[tenant].seq} (events cut off the end)`);
      }
    }
  } catch (e) {
    if (!(e instanceof Violation)) throw e;
    console.log(`FAILED ${e.message}`);
    process.exit(1);
  }
  console.log(`OK ${events} events, ${heads.size} tenants`);
  process.exit(0);
}

export function checkEvent(where, line, keys, heads, expectedHeads) {
  let event;
  try {
    event = JSON.parse(line);
  } catch {
    throw new Violation(`${where}: not a complete JSON audit event (truncated or corrupt)`);
  }
  const data = event?.data;
  const tenant = data?.tenant;
  const seq = data?.chain?.seq;
  const at = `${where} (tenant ${tenant}, seq ${seq})`;
  if (typeof tenant !== 'string' || !Number.isSafeInteger(seq) || seq < 1 || typeof event.id !== 'string'
      || typeof event.signature !== 'string') {
    throw new Violation(`${at}: missing tenant, chain.seq, id or signature`);
  }
  if (event.id !== data.decision_id) throw new Violation(`${at}: id differs from data.decision_id`);
  // subject is outside the signature but repeats data.budget_id: a changed subject must not pass.
  if ((event.subject ?? null) !== (data.budget_id ?? null)) {
    throw new Violation(`${at}: subject differs from data.budget_id`);
  }
  const key = keys.get(data.kid);
  if (!key) throw new Violation(`${at}: signed with unknown key kid=${data.kid}`);
  let signed;
  try {
    signed = Buffer.from(canonicalize({
      id: event.id, source: event.source, type: event.type, datacontenttype: event.datacontenttype,
      time: event.time, data,
    }), 'utf8');
  } catch (e) {
    throw new Violation(`${at}: ${e.message}`);
  }
  let valid;
  try {
    valid = verify(null, signed, key, Buffer.from(event.signature, 'base64url'));
  } catch {
    valid = false;
  }
  if (!valid) {
    throw new Violation(`${at}: signature does not verify with kid=${data.kid}`);
  }
  const head = heads.get(tenant) ?? { seq: 0, hash: GENESIS };
  if (seq !== head.seq + 1) {
    throw new Violation(`${at}: expected seq ${head.seq + 1} but found ${seq}`);
  }
  if (data.chain.prev !== head.hash) {
    throw new Violation(`${at}: chain.prev does not match the hash of seq ${head.seq}`);
  }
  const hash = createHash('sha256').update(signed).digest('hex');
  const expected = expectedHeads[tenant];
  if (expected && expected.seq === seq && expected.hash !== hash) {
    throw new Violation(`${at}: differs from the event the sink recorded at this seq`);
  }
  heads.set(tenant, { seq, hash });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2));
}
