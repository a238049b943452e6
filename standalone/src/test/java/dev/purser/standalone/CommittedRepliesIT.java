package dev.purser.standalone;

import dev.purser.api.ReplyMode;

/** The same end-to-end HTTP flows with {@code http.reply.mode=committed} (read_committed replies). */
class CommittedRepliesIT extends HttpBridgeEndToEnd {
    @Override
    ReplyMode replyMode() {
        return ReplyMode.COMMITTED;
    }
}
