package dev.purser.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/CLIENT.md, OpenTelemetry: the spend events on the caller's current span, read back from the SDK's in-memory exporter. */
class SpanEventsTest {
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();

    @Test
    void reserve_and_commit_are_events_of_the_current_span() throws Exception {
        try (FakePurser fake = new FakePurser(); PurserClient client = PurserClient.builder(fake.url(), "t").build()) {
            fake.then(200, FakePurser.allow("r1", 500)).then(200, FakePurser.committed(320, 180));
            Span span = tracing.get("agent").spanBuilder("chat gpt-4o").startSpan();
            try (Scope ignored = span.makeCurrent()) {
                Hold hold = client.reserve(Reservation.on("acme/bot", "usd_micros", 500).provider("openai").model("gpt-4o"));
                hold.commit(Commit.of(320).tokens(1200, 80));
            } finally {
                span.end();
            }
        }
        List<EventData> events = onlySpan().getEvents();
        assertThat(events).extracting(EventData::getName).containsExactly("gen_ai.spend.reserve", "gen_ai.spend.commit");

        EventData reserve = events.get(0);
        assertThat(reserve.getAttributes().get(AttributeKey.stringKey("gen_ai.spend.decision"))).isEqualTo("ALLOW");
        assertThat(reserve.getAttributes().get(AttributeKey.stringKey("gen_ai.spend.decision_id"))).isEqualTo("d_1");
        assertThat(reserve.getAttributes().get(AttributeKey.stringKey("gen_ai.spend.budget_id"))).isEqualTo("acme/bot");
        assertThat(reserve.getAttributes().get(AttributeKey.stringKey("gen_ai.spend.unit"))).isEqualTo("usd_micros");
        assertThat(reserve.getAttributes().get(AttributeKey.longKey("gen_ai.spend.amount_requested"))).isEqualTo(500L);
        assertThat(reserve.getAttributes().get(AttributeKey.longKey("gen_ai.spend.amount_reserved"))).isEqualTo(500L);
        assertThat(reserve.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
        assertThat(reserve.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt-4o");

        EventData commit = events.get(1);
        assertThat(commit.getAttributes().get(AttributeKey.longKey("gen_ai.spend.amount_charged"))).isEqualTo(320L);
        assertThat(commit.getAttributes().get(AttributeKey.longKey("gen_ai.spend.amount_released"))).isEqualTo(180L);
        assertThat(commit.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(1200L);
        assertThat(commit.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(80L);
        assertThat(commit.getAttributes().get(AttributeKey.stringKey("gen_ai.spend.decision_id"))).isEqualTo("d_3");
    }

    @Test
    void a_deny_carries_its_reason_codes_and_a_release_its_reason() throws Exception {
        try (FakePurser fake = new FakePurser(); PurserClient client = PurserClient.builder(fake.url(), "t").build()) {
            fake.then(403, FakePurser.deny("acme")).then(200, FakePurser.allow("r2", 5))
                    .then(200, "{\"decision_id\":\"d_9\",\"released\":\"5\"}");
            Span span = tracing.get("agent").spanBuilder("two calls").startSpan();
            try (Scope ignored = span.makeCurrent()) {
                client.reserve(Reservation.on("acme/bot", "usd_micros", 5));
                client.reserve(Reservation.on("acme/bot", "usd_micros", 5)).release("tool failed");
            } finally {
                span.end();
            }
        }
        List<EventData> events = onlySpan().getEvents();
        assertThat(events).extracting(EventData::getName)
                .containsExactly("gen_ai.spend.reserve", "gen_ai.spend.reserve", "gen_ai.spend.release");
        assertThat(events.get(0).getAttributes().get(AttributeKey.stringKey("gen_ai.spend.decision"))).isEqualTo("DENY");
        assertThat(events.get(0).getAttributes().get(AttributeKey.stringArrayKey("gen_ai.spend.reason_codes")))
                .containsExactly("BUDGET_EXHAUSTED");
        assertThat(events.get(0).getAttributes().get(AttributeKey.stringKey("gen_ai.spend.denied_budget_id"))).isEqualTo("acme");
        assertThat(events.get(2).getAttributes().get(AttributeKey.stringKey("gen_ai.spend.release_reason"))).isEqualTo("tool failed");
        assertThat(events.get(2).getAttributes().get(AttributeKey.longKey("gen_ai.spend.amount_released"))).isEqualTo(5L);
    }

    @Test
    void a_bypassed_reserve_is_marked_on_the_span() throws Exception {
        try (PurserClient client = PurserClient.builder(RetryAndFailClosedTest.closedPort(), "t").retry(RetryPolicy.none())
                .whenUnavailable(WhenUnavailable.BYPASS).build()) {
            Span span = tracing.get("agent").spanBuilder("bypassed").startSpan();
            try (Scope ignored = span.makeCurrent()) {
                client.reserve(Reservation.on("acme/bot", "usd_micros", 5));
            } finally {
                span.end();
            }
        }
        EventData reserve = onlySpan().getEvents().get(0);
        assertThat(reserve.getAttributes().get(AttributeKey.stringKey("gen_ai.spend.decision"))).isEqualTo("BYPASSED");
        assertThat(reserve.getAttributes().get(AttributeKey.booleanKey("gen_ai.spend.bypassed"))).isTrue();
    }

    private SpanData onlySpan() {
        assertThat(exporter.getFinishedSpanItems()).hasSize(1);
        return exporter.getFinishedSpanItems().get(0);
    }
}
