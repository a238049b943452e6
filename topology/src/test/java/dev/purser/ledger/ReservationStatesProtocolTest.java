package dev.purser.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.schemas.Amount;
import dev.purser.schemas.Json;
import dev.purser.schemas.Markdown;
import dev.purser.schemas.Repository;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reservation states of docs/PROTOCOL.md §2 are the decider's, to the letter and both ways
 * (issue 12): the table "Reservation states" lists each {@link Reservation.State} as a read shows it,
 * and a release no-op can name every settled state and no other.
 */
class ReservationStatesProtocolTest {
    private static final Markdown PROTOCOL = Markdown.of(Repository.read(Repository.protocol()));

    @Test
    void shouldDocumentEveryReservationStateAsAReadShowsIt() {
        List<String> shown = new ArrayList<>();
        for (Reservation.State state : Reservation.State.values()) {
            shown.add((String) LedgerViews.reservation(reservationIn(state)).get("state"));
        }

        assertThat(PROTOCOL.wireValuesUnder("Reservation states")).containsExactlyInAnyOrderElementsOf(shown);
    }

    @Test
    void shouldLetAReleaseNoopNameEverySettledStateAndNoOther() throws IOException {
        List<String> noopStates = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/schemas/reply.schema.json")) {
            Json.MAPPER.readTree(in).path("$defs").path("noop_body").path("properties").path("state").path("enum")
                    .forEach(v -> noopStates.add(v.asText()));
        }
        List<String> settled = new ArrayList<>(PROTOCOL.wireValuesUnder("Reservation states"));
        settled.remove("reserved");

        assertThat(noopStates).containsExactlyInAnyOrderElementsOf(settled);
    }

    private static Reservation reservationIn(Reservation.State state) {
        return new Reservation("acme", "run-1", "acme", "tokens", List.of(new Hold("acme", "all", Amount.of(5))),
                Amount.of(5), 0, 60_000, 30_000, state, Amount.ZERO, Amount.ZERO,
                state == Reservation.State.RESERVED ? null : "d_00000000000000000000000000000000", 1_000, List.of());
    }
}
