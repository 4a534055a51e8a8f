package io.banwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.Endpoint;
import io.banwatch.event.Event;
import io.banwatch.event.JsonOutput;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.banwatch.match.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The writer's queue of reused arrays: every row reads back as the one its event makes, however many and long. */
class PendingEventsTest {

    private static final long NO_WAIT = 0;

    private static void assertSameRow(StoredEvent actual, StoredEvent expected) {
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
    }

    /** The values the insert reads by column, as the row at {@code row} has them. */
    private static void assertSameColumns(EventBatch batch, int row, StoredEvent expected) {
        assertThat(batch.timestampNanos(row)).isEqualTo(expected.timestampNanos());
        assertThat(batch.sourcePort(row)).isEqualTo(expected.sourcePort());
        assertThat(batch.destinationPort(row)).isEqualTo(expected.destinationPort());
        assertThat(batch.destinationBytes(row)).isEqualTo(expected.destinationBytes());
        assertThat(batch.detail(row)).isEqualTo(expected.detail());
    }

    @Test
    void everyKindOfEventReadsBackAsTheRowItMakes() throws Exception {
        List<Event> events = StoreContractTest.everyKindOfEvent();
        PendingEvents pending = new PendingEvents(1_000);
        JsonOutput scratch = new JsonOutput(16); // kept across events, as the pipeline does
        for (Event event : events) {
            pending.add(event, "sensor-1", scratch, NO_WAIT);
        }
        EventBatch batch = pending.take();
        assertThat(batch.size()).isEqualTo(events.size());
        for (int i = 0; i < events.size(); i++) {
            StoredEvent expected = StoredEvent.of(events.get(i), "sensor-1");
            assertSameRow(batch.get(i), expected);
            assertSameColumns(batch, i, expected);
            // The columns alone, for the pass that gives the lookup numbers.
            assertThat(batch.withoutDetail(i).detail()).isEmpty();
            assertThat(batch.withoutDetail(i))
                    .usingRecursiveComparison()
                    .ignoringFields("detail")
                    .isEqualTo(expected);
        }
    }

    @Test
    void rowsMadeElsewhereKeepTheirNullsAndBytes() throws Exception {
        StoredEvent contact = StoreContractTest.contact(
                "10.0.0.1", "dnl-01.geo.kaspersky.com", Category.UPDATE, "updates_banned", StoreContractTest.BAN);
        StoredEvent unmatched = new StoredEvent(
                7, "s", null, null, null, null, null, null, "dns", null, "", 0, "::1", 53, null, null, -1, new byte[0]);
        PendingEvents pending = new PendingEvents(10);
        pending.add(contact, NO_WAIT);
        pending.add(unmatched, NO_WAIT);
        pending.add(contact, NO_WAIT);
        EventBatch batch = pending.take();
        assertSameRow(batch.get(0), contact);
        assertSameRow(batch.get(1), unmatched);
        assertSameRow(batch.get(2), contact);
        // Read through a slice (a queue larger than a batch is written a batch at a time): the same rows.
        EventBatch slice = batch.slice(1, 3);
        assertThat(slice.size()).isEqualTo(2);
        assertSameRow(slice.get(0), unmatched);
        assertSameColumns(slice, 0, unmatched);
        assertSameColumns(slice, 1, contact);
        assertThat(slice.withoutDetail(1))
                .usingRecursiveComparison()
                .ignoringFields("detail")
                .isEqualTo(contact);
    }

    @Test
    void theArraysGrowPastTheirFirstSizeAndAreReusedEmpty() throws Exception {
        PendingEvents pending = new PendingEvents(20_000, 1_024);
        JsonOutput scratch = new JsonOutput(16);
        List<StoredEvent> expected = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            // Names up to 240 characters and JSON of a few hundred bytes: beyond the first texts and JSON arrays too.
            Event event = contact(i, "a".repeat(i % 240) + ".kaspersky.com");
            expected.add(StoredEvent.of(event, "sensor-1"));
            assertThat(pending.add(event, "sensor-1", scratch, NO_WAIT)).isEqualTo(i + 1);
        }
        PendingEvents.Batch batch = pending.take();
        assertThat(batch.size()).isEqualTo(expected.size());
        assertThat(batch.roomForRows()).isGreaterThanOrEqualTo(5_000);
        for (int i = 0; i < expected.size(); i++) {
            assertSameRow(batch.get(i), expected.get(i));
        }
        pending.release(batch);
        // The other arrays fill meanwhile; once taken, the first set comes back empty.
        pending.add(contact(1, "x.kaspersky.com"), "sensor-1", scratch, NO_WAIT);
        PendingEvents.Batch second = pending.take();
        pending.release(second);
        pending.add(contact(2, "y.kaspersky.com"), "sensor-1", scratch, NO_WAIT);
        PendingEvents.Batch reused = pending.take();
        assertThat(reused).isSameAs(batch);
        assertThat(reused.size()).isEqualTo(1);
        assertSameRow(reused.get(0), StoredEvent.of(contact(2, "y.kaspersky.com"), "sensor-1"));
    }

    @Test
    void eachSetOfArraysIsMadeAtTheStartForTwoOfTheWritersBatchThresholdsOrAHalf() {
        PendingEvents store = new PendingEvents(2 * StoreWriter.BATCH);
        assertThat(store.take().roomForRows()).isEqualTo(16_384);
        // A smaller queue is not given more room than it can ever fill.
        assertThat(new PendingEvents(1_000).take().roomForRows()).isEqualTo(500);
    }

    @Test
    void aFullHalfRefusesWithoutWaitingUntilTaken() throws Exception {
        PendingEvents pending = new PendingEvents(4); // two events a half
        JsonOutput scratch = new JsonOutput(16);
        assertThat(pending.add(contact(1, "a.kaspersky.com"), "s", scratch, NO_WAIT))
                .isEqualTo(1);
        assertThat(pending.add(contact(2, "b.kaspersky.com"), "s", scratch, NO_WAIT))
                .isEqualTo(2);
        assertThat(pending.add(contact(3, "c.kaspersky.com"), "s", scratch, NO_WAIT))
                .isZero();
        assertThat(pending.size()).isEqualTo(2);
        PendingEvents.Batch taken = pending.take();
        assertThat(pending.add(contact(3, "c.kaspersky.com"), "s", scratch, NO_WAIT))
                .isEqualTo(1);
        assertThat(taken.size()).isEqualTo(2);
        assertThat(taken.get(1).name()).isEqualTo("b.kaspersky.com");
    }

    @Test
    void aWaitingAddGoesOnOnceTheFullHalfIsTaken() throws Exception {
        PendingEvents pending = new PendingEvents(2); // one event a half
        pending.add(contact(1, "a.kaspersky.com"), "s", new JsonOutput(16), NO_WAIT);
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return pending.add(contact(2, "b.kaspersky.com"), "s", new JsonOutput(16), Long.MAX_VALUE);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(waiting).isNotDone();
        PendingEvents.Batch first = pending.take();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(first.get(0).name()).isEqualTo("a.kaspersky.com");
    }

    private static Event contact(int i, String name) {
        Match match =
                new Match("kaspersky", Category.UPDATE, "*.kaspersky.com", "updates_banned", Severity.CRITICAL, "d");
        Observation o = Observation.tls(
                StoreContractTest.BAN + i * 1_001L,
                Protocol.TLS,
                Endpoint.parse("10.0." + (i / 250 % 250) + "." + (i % 250), 40_000 + i % 20_000),
                Endpoint.parse("203.0.113.7", 443),
                -1,
                -1,
                name);
        return new Event(o, match);
    }
}
