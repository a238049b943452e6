package dev.purser.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.schemas.reply.LedgerReply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A reply handed over in memory by the ledger in the same process completes the waiting request,
 * never on the ledger's own thread, and only once; a reply nobody waits for is dropped. (The router
 * is never started here: no broker is needed to hand a reply over.)
 */
class ReplyRouterHandoffTest {
    private static final byte[] BODY = "{\"decision\":\"ALLOW\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldCompleteTheWaitingRequestOffTheLedgersThreadWithTheBodyAsWritten() throws Exception {
        try (ReplyRouter router = new ReplyRouter("127.0.0.1:1", 0, ReplyMode.SPECULATIVE)) {
            CompletableFuture<LedgerReply> waiting = router.expect("c-1", Duration.ofSeconds(5));
            AtomicReference<Thread> completedOn = new AtomicReference<>();
            CompletableFuture<LedgerReply> seen = waiting.whenComplete((r, e) -> completedOn.set(Thread.currentThread()));

            router.deliverLocal(reply("c-1", 200));

            LedgerReply reply = seen.get(5, TimeUnit.SECONDS);
            assertThat(reply.correlationId()).isEqualTo("c-1");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo(BODY);
            assertThat(completedOn.get()).isNotSameAs(Thread.currentThread());
            assertThat(router.pendingCount()).isZero();
        }
    }

    @Test
    void shouldIgnoreAReplyNobodyWaitsForOrThatCameAlready() throws Exception {
        try (ReplyRouter router = new ReplyRouter("127.0.0.1:1", 0, ReplyMode.SPECULATIVE)) {
            CompletableFuture<LedgerReply> waiting = router.expect("c-1", Duration.ofSeconds(5));

            router.deliverLocal(reply("c-other", 403));
            router.deliverLocal(reply("c-1", 200));
            router.deliverLocal(reply("c-1", 500));

            assertThat(waiting.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(router.pendingCount()).isZero();
        }
    }

    private static LedgerReply reply(String correlationId, int status) {
        return new LedgerReply(correlationId, "reserve", "k", status, LedgerReply.Summary.of(BODY), BODY);
    }
}
