package dev.purser.ledger;

import dev.purser.schemas.AuditType;
import java.util.Map;

/**
 * An audit event as decided, before chaining and signing. {@code data} holds wire-ready values
 * only: strings, numbers, booleans, null, lists, maps and {@code OpaqueJson}.
 */
public record LedgerEvent(String decisionId, String tenant, AuditType type, String subject, long time,
                          Map<String, Object> data) {
}
