package dev.purser.topology;

import dev.purser.schemas.reply.LedgerReply;

/**
 * A reply on its way to the reply topic: the record value ({@link LedgerReply}, written by its codec)
 * and the partition its command asked to be answered on ({@code purser-reply-partition}; null: by
 * key), which only routes the record and is not written.
 */
record RoutedReply(Integer replyPartition, LedgerReply reply) {
}
