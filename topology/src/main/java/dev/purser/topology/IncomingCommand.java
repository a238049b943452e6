package dev.purser.topology;

import dev.purser.schemas.BudgetPath;
import dev.purser.schemas.Command;
import dev.purser.schemas.StrictUtf8;
import dev.purser.schemas.Topics;
import dev.purser.schemas.reply.LedgerReply;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Record;

/** The envelope of a command record: its tenant key and the reply routing headers, read defensively. */
record IncomingCommand(String tenant, String correlationId, Integer replyPartition) {
    private static final int MAX_HEADER_BYTES = 256;

    static IncomingCommand of(Record<byte[], byte[]> record) {
        return new IncomingCommand(utf8(record.key()), header(record, Topics.HEADER_CORRELATION_ID),
                partition(header(record, Topics.HEADER_REPLY_PARTITION)));
    }

    /** Throws when the key is not a tenant or not the tenant of the named budget. */
    void checkKey(Command command) {
        if (command instanceof Command.Tick || command instanceof Command.KeyActivated
                || command instanceof Command.DeciderActivated) {
            return;
        }
        if (!BudgetPath.isTenant(tenant)) {
            throw new LedgerProcessor.TenantMismatchException("the record key must be the tenant id");
        }
        BudgetPath budget = LedgerProcessor.budgetOf(command);
        if (budget != null && !budget.belongsTo(tenant)) {
            throw new LedgerProcessor.TenantMismatchException("the record key differs from the budget's tenant");
        }
    }

    String tenantOrEmpty() {
        return tenant == null ? "" : tenant;
    }

    RoutedReply reply(String verb, String idempotencyKey, ReplyRenderer.Rendered rendered) {
        return new RoutedReply(replyPartition, new LedgerReply(correlationId, verb, idempotencyKey,
                rendered.status(), rendered.summary(), rendered.body()));
    }

    private static String header(Record<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null || header.value().length > MAX_HEADER_BYTES) {
            return null;
        }
        return utf8(header.value());
    }

    private static Integer partition(String text) {
        if (text == null || text.isEmpty() || text.length() > 6 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Integer.parseInt(text);
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : StrictUtf8.decode(bytes).orElse(null);
    }
}
