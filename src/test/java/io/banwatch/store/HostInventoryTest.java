package io.banwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.event.Outcome;
import io.banwatch.match.PolicyPhases;
import io.banwatch.match.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * The batch's inventory, folded event by event, holds for each vendor and host what its events define; and merging
 * the rows of two parts of a batch ({@link HostInventory#merge}, which also joins a batch's rows to the stored ones)
 * gives the rows of the whole.
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

    /** The inventory row of one vendor and host, from its definition over the batch's events in order. */
    private static HostRecord expected(List<StoredEvent> events) {
        List<StoredEvent> contacts = events.stream().filter(e -> !e.isOutcome()).toList();
        long first =
                contacts.stream().mapToLong(StoredEvent::timestampNanos).min().orElse(Long.MAX_VALUE);
        long last =
                contacts.stream().mapToLong(StoredEvent::timestampNanos).max().orElse(Long.MIN_VALUE);
        // The observer of the last event at the latest contact time (of the last outcome when there is no contact);
        // the phase of the first at the earliest.
        StoredEvent latest = null;
        StoredEvent earliest = null;
        for (StoredEvent e : events) {
            if (e.isOutcome() ? contacts.isEmpty() : e.timestampNanos() == last) {
                latest = e;
            }
            if (earliest == null && (e.isOutcome() ? contacts.isEmpty() : e.timestampNanos() == first)) {
                earliest = e;
            }
        }
        return new HostRecord(
                events.getFirst().vendor(),
                events.getFirst().host(),
                latest.observer(),
                first,
                last,
                contacts.size(),
                contacts.stream()
                        .filter(e -> PolicyPhases.UPDATES_BANNED.equals(e.phase()))
                        .count(),
                events.stream().map(StoredEvent::category).distinct().sorted().toList(),
                contacts.stream()
                        .map(StoredEvent::name)
                        .distinct()
                        .limit(HostInventory.MAX_NAMES)
                        .toList(),
                events.stream()
                        .map(e -> Severity.fromLabel(e.severity()))
                        .max(Comparator.naturalOrder())
                        .orElseThrow()
                        .label(),
                events.stream()
                        .map(e -> e.isOutcome() ? Outcome.fromLabel(e.outcome()) : Outcome.UNKNOWN)
                        .reduce((a, b) -> b.worseThan(a) ? b : a)
                        .orElseThrow()
                        .label(),
                earliest.phase(),
                0);
    }

    private static List<StoredEvent> randomBatch(int seed) {
        Random random = new Random(seed);
        List<StoredEvent> batch = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            batch.add(randomEvent(random));
        }
        return batch;
    }

    @RepeatedTest(20)
    void eachRowIsWhatItsEventsDefine(RepetitionInfo repetition) {
        List<StoredEvent> batch = randomBatch(repetition.getCurrentRepetition());

        HostInventory inventory = new HostInventory();
        batch.forEach(inventory::add);

        Map<String, List<StoredEvent>> byRow = new LinkedHashMap<>();
        for (StoredEvent event : batch) {
            if (event.vendor() != null) {
                byRow.computeIfAbsent(HostInventory.key(event.vendor(), event.host()), k -> new ArrayList<>())
                        .add(event);
            }
        }
        assertThat(inventory.rows())
                .containsExactlyElementsOf(
                        byRow.values().stream().map(HostInventoryTest::expected).toList());
        assertThat(inventory.rows()).anySatisfy(row -> assertThat(row.names()).hasSize(HostInventory.MAX_NAMES));
    }

    @RepeatedTest(5)
    void mergingTheRowsOfTwoHalvesGivesTheRowsOfTheWhole(RepetitionInfo repetition) {
        List<StoredEvent> batch = randomBatch(100 + repetition.getCurrentRepetition());
        HostInventory whole = new HostInventory();
        HostInventory firstHalf = new HostInventory();
        HostInventory secondHalf = new HostInventory();
        for (int i = 0; i < batch.size(); i++) {
            whole.add(batch.get(i));
            (i < batch.size() / 2 ? firstHalf : secondHalf).add(batch.get(i));
        }

        Map<String, HostRecord> merged = new LinkedHashMap<>();
        for (HostRecord row : firstHalf.rows()) {
            merged.put(HostInventory.key(row.vendor(), row.host()), row);
        }
        for (HostRecord row : secondHalf.rows()) {
            merged.merge(HostInventory.key(row.vendor(), row.host()), row, HostInventory::merge);
        }
        assertThat(merged.values()).containsExactlyInAnyOrderElementsOf(whole.rows());
    }
}
