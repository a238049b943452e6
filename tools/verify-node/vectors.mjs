#!/usr/bin/env node
// Checks Purser's audit conformance vectors (conformance/audit/*.json, docs/CONFORMANCE.md) with the
// independent verifier of verify.mjs: for every event of every vector, that the RFC 8785 signed bytes
// this verifier computes equal the vector's `signed_bytes` and their SHA-256 its `chain_hash`; then
// that verifying the events in order reaches the vector's verdict (valid, or the index of the first
// refused event and the kind of problem: signature, unknown_kid, chain, subject).
//
//   node vectors.mjs <folder of audit vectors>
//
// Prints "OK <n> audit vectors" and exits 0, or one "FAILED <vector>: <what differs>" line per
// failing vector and exits 1; exit 2 for usage or unreadable input.

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalize, checkEvent, keysOf, Violation } from './verify.mjs';

/** The verdict classes of docs/CONFORMANCE.md, from the verifier's words. */
function kind(message) {
  if (message.includes('signature does not verify')) return 'signature';
  if (message.includes('signed with unknown key')) return 'unknown_kid';
  if (message.includes('subject differs')) return 'subject';
  if (message.includes('seq') || message.includes('chain.prev')) return 'chain';
  return `other: ${message}`;
}

function checkVector(vector) {
  const keys = keysOf(vector.jwks);
  const heads = new Map();
  let firstInvalid = null;
  let problem = null;
  for (const [i, entry] of vector.events.entries()) {
    const e = entry.event;
    const signed = Buffer.from(canonicalize({
      id: e.id, source: e.source, type: e.type, datacontenttype: e.datacontenttype, time: e.time, data: e.data,
    }), 'utf8');
    if (signed.toString('base64') !== entry.signed_bytes) return `event ${i}: signed bytes differ`;
    if (createHash('sha256').update(signed).digest('hex') !== entry.chain_hash) return `event ${i}: chain hash differs`;
    if (firstInvalid !== null) continue;
    try {
      checkEvent(`event ${i}`, JSON.stringify(e), keys, heads, {});
    } catch (err) {
      if (!(err instanceof Violation)) throw err;
      firstInvalid = i;
      problem = kind(err.message);
    }
  }
  const expect = vector.expect;
  if ((firstInvalid === null) !== expect.valid) {
    return `expected ${expect.valid ? 'valid' : 'invalid'}, found ${firstInvalid === null ? 'valid' : `invalid at event ${firstInvalid} (${problem})`}`;
  }
  if (firstInvalid !== null && (firstInvalid !== expect.first_invalid || problem !== expect.problem)) {
    return `expected event ${expect.first_invalid} (${expect.problem}), found event ${firstInvalid} (${problem})`;
  }
  return null;
}

const folder = process.argv[2];
if (!folder) {
  console.error('usage: node vectors.mjs <folder of audit vectors>');
  process.exit(2);
}
let files;
try {
  files = readdirSync(folder).filter((n) => n.endsWith('.json')).sort();
} catch (e) {
  console.error(`cannot read ${folder}: ${e.message}`);
  process.exit(2);
}
let failed = 0;
for (const name of files) {
  const failure = checkVector(JSON.parse(readFileSync(join(folder, name), 'utf8')));
  if (failure !== null) {
    console.log(`FAILED ${name}: ${failure}`);
    failed++;
  }
}
if (failed > 0) process.exit(1);
console.log(`OK ${files.length} audit vectors`);
