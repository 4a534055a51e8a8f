package io.banwatch.store;

import io.banwatch.event.Outcome;
import io.banwatch.match.PolicyPhases;
import io.banwatch.match.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Folds a batch of events into host inventory rows, and merges them with the rows already stored. */
final class HostInventory {

    /** Names kept per host and vendor: enough to say what a host reached, bounded against a host that asks for all. */
    static final int MAX_NAMES = 32;

    // Rows by vendor, then host: a batch looks each event's row up without making a key of the two.
    private final Map<String, Map<String, Row>> rows = new HashMap<>();
    private final List<Row> inOrder = new ArrayList<>(); // the rows in the order of their first event

    /**
     * Adds an event of the batch; events without a vendor (unmatched) do not enter the inventory. The event is folded
     * into its row in place: a batch holds up to 32,768 events of a few hundred hosts, and a record, two lists and a
     * set per event were most of what the writer allocated.
     */
    void add(StoredEvent event) {
        if (event.vendor() == null) {
            return;
        }
        Map<String, Row> hosts = rows.get(event.vendor());
        if (hosts == null) {
            hosts = new HashMap<>();
            rows.put(event.vendor(), hosts);
        }
        Row row = hosts.get(event.host());
        if (row == null) {
            row = new Row(event.vendor(), event.host());
            hosts.put(event.host(), row);
            inOrder.add(row);
        }
        // An outcome says what became of a contact; it is no contact of its own and moves no contact time.
        boolean outcome = event.isOutcome();
        row.fold(
                event.observer(),
                outcome ? Long.MAX_VALUE : event.timestampNanos(),
                outcome ? Long.MIN_VALUE : event.timestampNanos(),
                outcome ? 0 : 1,
                !outcome && PolicyPhases.UPDATES_BANNED.equals(event.phase()) ? 1 : 0,
                event.severity(),
                outcome ? event.outcome() : Outcome.UNKNOWN.label(),
                event.phase(),
                0);
        row.addCategory(event.category());
        if (!outcome) {
            row.addName(event.name());
        }
    }

    /** True for a row made of outcomes only, whose contact is not in the inventory (already deleted). */
    static boolean outcomesOnly(HostRecord row) {
        return row.firstSeenNanos() == Long.MAX_VALUE;
    }

    List<HostRecord> rows() {
        List<HostRecord> records = new ArrayList<>(inOrder.size());
        inOrder.forEach(row -> records.add(row.record()));
        return records;
    }

    static String key(String vendor, String host) {
        return vendor + '\0' + host;
    }

    /** The two rows of one vendor and host as one: earliest first contact, latest last, sums, unions, worsts. */
    static HostRecord merge(HostRecord a, HostRecord b) {
        Row row = new Row(a.vendor(), a.host());
        row.fold(a);
        row.fold(b);
        return row.record();
    }

    private static String worseSeverity(String a, String b) {
        Severity x = Severity.fromLabel(a);
        Severity y = Severity.fromLabel(b);
        if (x == null) {
            return b;
        }
        return y != null && y.compareTo(x) > 0 ? b : a;
    }

    private static String worseOutcome(String a, String b) {
        return Outcome.fromLabel(b).worseThan(Outcome.fromLabel(a)) ? b : a;
    }

    /** One vendor and host's row, folded from events or from other rows of the same vendor and host. */
    private static final class Row {
        private final String vendor;
        private final String host;
        private final TreeSet<String> categories = new TreeSet<>();
        // In the order first seen; a set, as each event of a batch looks its name up here.
        private final Set<String> names = new LinkedHashSet<>();
        private boolean empty = true;
        private String observer;
        private long firstSeenNanos;
        private long lastSeenNanos;
        private long contacts;
        private long contactsAfterBan;
        private String worstSeverity;
        private String worstOutcome;
        private String firstPhase;
        private long seq;

        Row(String vendor, String host) {
            this.vendor = vendor;
            this.host = host;
        }

        void fold(HostRecord row) {
            fold(
                    row.observer(),
                    row.firstSeenNanos(),
                    row.lastSeenNanos(),
                    row.contacts(),
                    row.contactsAfterBan(),
                    row.worstSeverity(),
                    row.worstOutcome(),
                    row.firstPhase(),
                    row.seq());
            categories.addAll(row.categories());
            row.names().forEach(this::addName);
        }

        /**
         * Folds in a row given by its scalar fields: the observer of the latest contact, the phase of the earliest (on
         * a tie, what is already here), sums, worsts. Its categories and names are added with {@link #addCategory}
         * and {@link #addName}.
         */
        void fold(
                String observer,
                long first,
                long last,
                long contacts,
                long contactsAfterBan,
                String severity,
                String outcome,
                String phase,
                long seq) {
            boolean wasEmpty = empty;
            empty = false;
            if (wasEmpty || last >= lastSeenNanos) {
                this.observer = observer;
            }
            if (wasEmpty || first < firstSeenNanos) {
                this.firstPhase = phase;
            }
            this.firstSeenNanos = wasEmpty ? first : Math.min(firstSeenNanos, first);
            this.lastSeenNanos = wasEmpty ? last : Math.max(lastSeenNanos, last);
            this.contacts += contacts;
            this.contactsAfterBan += contactsAfterBan;
            this.worstSeverity = wasEmpty ? severity : worseSeverity(worstSeverity, severity);
            this.worstOutcome = wasEmpty ? outcome : worseOutcome(worstOutcome, outcome);
            this.seq = Math.max(this.seq, seq);
        }

        void addCategory(String category) {
            categories.add(category);
        }

        /** Adds a name not yet here, in the order first seen, up to {@link #MAX_NAMES}. */
        void addName(String name) {
            if (names.size() < MAX_NAMES) {
                names.add(name);
            }
        }

        HostRecord record() {
            return new HostRecord(
                    vendor,
                    host,
                    observer,
                    firstSeenNanos,
                    lastSeenNanos,
                    contacts,
                    contactsAfterBan,
                    List.copyOf(categories),
                    List.copyOf(names),
                    worstSeverity,
                    worstOutcome,
                    firstPhase,
                    seq);
        }
    }
}
