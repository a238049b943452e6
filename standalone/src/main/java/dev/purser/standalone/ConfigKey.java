package dev.purser.standalone;

import dev.purser.ledger.LedgerRules;
import dev.purser.schemas.audit.AuditSigner;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key of Purser, its default and its meaning: the one table that
 * {@code docs/CONFIGURATION.md} mirrors (a test keeps the two equal). The environment variable of a
 * key is {@code PURSER_} followed by the key upper-cased with dots turned into underscores.
 */
public enum ConfigKey {
    ROLE("role", "ledger",
            "`ledger`: run the ledger (Kafka Streams) with the HTTP bridge and the other services beside it; `bridge`: "
                    + "an HTTP bridge only, no stream threads and no signing key, that sends commands through Kafka and "
                    + "relays reads to `http.relay.to` (needs `bootstrap.servers`)"),
    BOOTSTRAP_SERVERS("bootstrap.servers", "",
            "Kafka bootstrap servers. Empty: start the embedded single broker in `data.dir/kafka`"),
    DATA_DIR("data.dir", "./purser-data",
            "Directory of the broker data (`kafka/`), the Streams state (`streams/`) and the dev signing key"
                    + " (`keys/signing-key.pem`); keep or wipe it as a whole"),
    APPLICATION_ID("application.id", "purser-ledger",
            "Kafka Streams `application.id`: instances with the same id share the work; prefix of changelog topics"),
    PARTITIONS("partitions", "6",
            "Partitions of the command, audit, reply and dead-letter topics when Purser creates them;"
                    + " never change it afterwards"),
    REPLICATION_FACTOR("replication.factor", "1",
            "Replication factor of the topics Purser creates (use 3 on a real cluster)"),
    COMMIT_INTERVAL_MS("commit.interval.ms", "",
            "Kafka Streams commit interval under exactly_once_v2; bounds reply latency in committed mode."
                    + " Empty: 100 with speculative replies (they do not wait for it), 20 with committed replies"),
    STREAM_THREADS("stream.threads", "1",
            "Kafka Streams threads of this instance"),
    STANDBY_REPLICAS("standby.replicas", "0",
            "Kafka Streams `num.standby.replicas`: warm copies of each task's stores kept on other instances, so a "
                    + "survivor takes over a failed instance's partitions without restoring them from the changelogs"),
    SESSION_TIMEOUT_MS("session.timeout.ms", "45000",
            "Kafka Streams consumer `session.timeout.ms`: how long the group waits for a silent (crashed or paused) "
                    + "instance before moving its partitions; the broker bounds it (6000 to 1800000 by default)"),
    TICK_INTERVAL_MS("tick.interval.ms", "1000",
            "How often the ticker looks for idle command partitions with a deadline due; such a partition"
                    + " gets a tick record that moves the ledger's clock (one with nothing due gets none)"),
    AUDIT_SOURCE("audit.source", "urn:purser:standalone",
            "CloudEvents `source` of every audit event (the authority's URI)"),
    AUDIT_TYPE_PREFIX("audit.type.prefix", AuditSigner.TYPE_PREFIX_DEFAULT,
            "CloudEvents type prefix: audit events have type `<prefix>.audit.<suffix>`"),
    SIGNING_KEY_FILE("signing.key.file", "",
            "Ed25519 signing key (PKCS#8 PEM or private JWK, owner-only permissions). Empty: generate a dev key"
                    + " once and keep it in `data.dir/keys/signing-key.pem`"),
    SIGNING_KEY_ID("signing.key.id", "",
            "Key id (`kid`) of the signing key. Empty: the key file's JWK `kid`, else the RFC 7638 thumbprint"),
    SIGNING_EXTRA_KEY_FILES("signing.extra.key.files", "",
            "More Ed25519 private key files (comma-separated, PEM or JWK, owner-only) this instance holds, so that "
                    + "`./purser activate-key --kid <kid>` can switch signing to one of them (key rotation)"),
    SIGNING_RETIRED_JWKS("signing.retired.jwks", "",
            "A JWK Set file of retired public keys (no longer held) that signed earlier events: still published at "
                    + "`/.well-known/asp-jwks.json` and trusted by the audit sink"),
    LEDGER_GRACE_MS("ledger.grace.ms", Long.toString(LedgerRules.DEFAULTS.graceMs()),
            "Grace after a reservation's deadline before it expires (at most 300000)"),
    LEDGER_REFUND_WINDOW_MS("ledger.refund.window.ms", Long.toString(LedgerRules.DEFAULTS.refundWindowMs()),
            "How long a settled reservation can be refunded (default 90 days)"),
    LEDGER_IDEMPOTENCY_RETENTION_MS("ledger.idempotency.retention.ms",
            Long.toString(LedgerRules.DEFAULTS.idempotencyRetentionMs()),
            "How long idempotency records are kept (default 24 h, at least 24 h, at most the refund window)"),
    LEDGER_MAX_OPEN_RESERVATIONS_PER_TENANT("ledger.max.open.reservations.per.tenant",
            Long.toString(LedgerRules.DEFAULTS.maxOpenReservationsPerTenant()),
            "Open reservations a tenant may hold at once"),
    LEDGER_MAX_BUDGETS_PER_TENANT("ledger.max.budgets.per.tenant",
            Long.toString(LedgerRules.DEFAULTS.maxBudgetsPerTenant()),
            "Budgets a tenant may have (its root included); creating one more is `409 TOO_MANY_BUDGETS`, "
                    + "redefining an existing one is always allowed"),
    HTTP_PORT("http.port", "8080",
            "Port of the HTTP bridge"),
    HTTP_HOST("http.host", "127.0.0.1",
            "Address the HTTP bridge listens on (`0.0.0.0` for all interfaces)"),
    HTTP_ADVERTISED_HOST("http.advertised.host", "",
            "Host name other instances use to reach this instance's bridge for forwarded reads "
                    + "(Kafka Streams `application.server`). Empty: `http.host`, or this machine's host name when "
                    + "`http.host` is `0.0.0.0`"),
    HTTP_CREDENTIALS_FILE("http.credentials.file", "",
            "Bearer credentials, one per line: `<token-or-sha256:hex> <tenant> <role>` (role `agent` or `admin`). "
                    + "Empty: generate dev tokens once (tenant `demo`, one admin, one agent) in "
                    + "`data.dir/keys/credentials`"),
    HTTP_REPLY_MODE("http.reply.mode", "speculative",
            "`speculative`: answer from the ledger's reply as soon as it is produced (read_uncommitted; safe because "
                    + "a crash re-derives the same answer); `committed`: wait for the ledger's transaction to commit "
                    + "(read_committed; use it during rolling upgrades and configuration changes)"),
    HTTP_REPLY_PARTITION("http.reply.partition", "0",
            "The partition of `purser.replies` this bridge reads; give every bridge instance its own"),
    HTTP_RELAY_TO("http.relay.to", "",
            "With `role=bridge`: `host:port` of ledger instances' bridges (comma-separated) that reads and the JWKS are "
                    + "relayed to, in turn until one answers; that one forwards a read to the tenant's owner"),
    HTTP_REPLY_TIMEOUT_MS("http.reply.timeout.ms", "5000",
            "How long a request waits for the ledger's reply before `504 TIMEOUT` (retry with the same key)"),
    HTTP_MAX_IN_FLIGHT("http.max.in.flight", "1024",
            "Requests waiting for the ledger at once; past it `503 UNAVAILABLE` with `Retry-After`"),
    HTTP_MAX_BODY_BYTES("http.max.body.bytes", "65536",
            "Largest request body accepted"),
    HTTP_MAX_RESERVES_PER_SECOND_PER_TENANT("http.max.reserves.per.second.per.tenant", "0",
            "Reserves a tenant may send per second through this bridge instance (token bucket, bursts of one "
                    + "second's worth); past it `429 TOO_MANY_REQUESTS` with `Retry-After`. 0: no limit"),
    HTTP_TLS_KEYSTORE_FILE("http.tls.keystore.file", "",
            "Keystore with the bridge's TLS key and certificate chain; when set, the bridge listens with TLS only "
                    + "(no plain HTTP) on `http.host`:`http.port`. Must not be readable by group or others. "
                    + "Empty: plain HTTP"),
    HTTP_TLS_KEYSTORE_PASSWORD("http.tls.keystore.password", "",
            "Password of `http.tls.keystore.file` (also used for its key); never logged"),
    HTTP_TLS_KEYSTORE_TYPE("http.tls.keystore.type", "PKCS12",
            "Type of `http.tls.keystore.file` (`PKCS12` or `JKS`)"),
    AUDIT_SINK_DIR("audit.sink.dir", "",
            "Folder of the audit sink's append-only, fsynced, checked copy of `purser.audit` (segments "
                    + "`p<partition>-<offset>.jsonl` and `checkpoint.json`). Empty: `data.dir/audit`; `off`: no sink "
                    + "in this process"),
    WEBHOOKS_FILE("webhooks.file", "",
            "JSON file of the webhooks that alerts are delivered to (docs/OPERATIONS.md): "
                    + "`[{\"name\", \"url\", \"secret_file\", \"types\"?, \"tenants\"?}]`. Empty: no webhooks");

    /** The environment variable that names a properties file, like {@code --config <file>}. */
    public static final String CONFIG_FILE_ENV = "PURSER_CONFIG";
    static final String ENV_PREFIX = "PURSER_";

    private final String key;
    private final String defaultValue;
    private final String meaning;

    ConfigKey(String key, String defaultValue, String meaning) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String meaning() {
        return meaning;
    }

    /** Whether the value is a secret: shown as {@code (hidden)} wherever configuration is logged. */
    public boolean secret() {
        return this == HTTP_TLS_KEYSTORE_PASSWORD;
    }

    public String envVar() {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    public static Optional<ConfigKey> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    public static Optional<ConfigKey> byEnvVar(String name) {
        return Arrays.stream(values()).filter(k -> k.envVar().equals(name)).findFirst();
    }
}
