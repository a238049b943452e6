package dev.purser.standalone;

import dev.purser.api.ReplyMode;

/** The end-to-end HTTP flows with {@code http.reply.mode=speculative} (read_uncommitted replies, the default). */
class SpeculativeRepliesIT extends HttpBridgeEndToEnd {
    @Override
    ReplyMode replyMode() {
        return ReplyMode.SPECULATIVE;
    }
}
