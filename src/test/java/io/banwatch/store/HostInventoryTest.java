package io.banwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.event.Outcome;
import io.banwatch.match.PolicyPhases;
import io.banwatch.match.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * The batch's inventory, folded event by event in place, is exactly what folding one-event rows with {@link
 * HostInventory#merge} gives (the merge that also joins a batch's rows to the stored ones).
 */
class HostInventoryTest {

    private static final String[] CATEGORIES = {"update", "ksn", "licensing", "web"};
    private static final String[] PHASES = {"none", "new_business_banned", PolicyPhases.UPDATES_BANNED};

    private static StoredEvent randomEvent(Random random) {
        boolean outcome = random.nextInt(4) == 0;
        Severity[] severities = Severity.values();
        Outcome[] outcomes = Outcome.values();
        return new StoredEvent(
                1_727_000_000_000_000_000L + random.nextInt(1_000) * 1_000_000_000L,
                "sensor-" + random.nextInt(2),
                "10.0.0." + random.nextInt(4),
                random.nextInt(10) == 0 ? null : (random.nextBoolean() ? "kaspersky" : "acme"),
                CATEGORIES[random.nextInt(CATEGORIES.length)],
                "rule",
                PHASES[random.nextInt(PHASES.length)],
                severities[random.nextInt(severities.length)].label(),
                "tls",
                "host-" + random.nextInt(40) + ".example",
                "10.0.0.1",
                40_000,
                "192.0.2.1",
                443,
                outcome ? outcomes[random.nextInt(outcomes.length)].label() : null,
                null,
                -1,
                new byte[0]);
    }

    /** The row of one event, as the inventory was folded before: merged with {@link HostInventory#merge}. */
    private static HostRecord single(StoredEvent event) {
        boolean outcome = event.isOutcome();
        return new HostRecord(
                event.vendor(),
                event.host(),
                event.observer(),
                outcome ? Long.MAX_VALUE : event.timestampNanos(),
                outcome ? Long.MIN_VALUE : event.timestampNanos(),
                outcome ? 0 : 1,
                !outcome && PolicyPhases.UPDATES_BANNED.equals(event.phase()) ? 1 : 0,
                List.of(event.category()),
                outcome ? List.of() : List.of(event.name()),
                event.severity(),
                outcome ? event.outcome() : Outcome.UNKNOWN.label(),
                event.phase(),
                0);
    }

    @RepeatedTest(20)
    void foldingInPlaceGivesWhatMergingOneEventRowsGives(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        List<StoredEvent> batch = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            batch.add(randomEvent(random));
        }

        HostInventory inventory = new HostInventory();
        batch.forEach(inventory::add);

        Map<String, HostRecord> expected = new LinkedHashMap<>();
        for (StoredEvent event : batch) {
            if (event.vendor() != null) {
                expected.merge(HostInventory.key(event.vendor(), event.host()), single(event), HostInventory::merge);
            }
        }
        assertThat(inventory.rows()).containsExactlyElementsOf(expected.values());
        assertThat(inventory.rows()).anySatisfy(row -> assertThat(row.names()).hasSize(HostInventory.MAX_NAMES));
    }
}
