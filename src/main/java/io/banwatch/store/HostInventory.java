package io.banwatch.store;

import io.banwatch.event.Outcome;
import io.banwatch.match.PolicyPhases;
import io.banwatch.match.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Folds a batch of events into host inventory rows, and merges them with the rows already stored. */
final class HostInventory {

    /** Names kept per host and vendor: enough to say what a host reached, bounded against a host that asks for all. */
    static final int MAX_NAMES = 32;

    private final Map<String, HostRecord> rows = new LinkedHashMap<>();

    /** Adds an event of the batch; events without a vendor (unmatched) do not enter the inventory. */
    void add(StoredEvent event) {
        if (event.vendor() == null) {
            return;
        }
        HostRecord single = new HostRecord(
                event.vendor(),
                event.host(),
                event.observer(),
                // An outcome says what became of a contact; it is no contact of its own and moves no contact time.
                event.isOutcome() ? Long.MAX_VALUE : event.timestampNanos(),
                event.isOutcome() ? Long.MIN_VALUE : event.timestampNanos(),
                event.isOutcome() ? 0 : 1,
                !event.isOutcome() && PolicyPhases.UPDATES_BANNED.equals(event.phase()) ? 1 : 0,
                List.of(event.category()),
                event.isOutcome() ? List.of() : List.of(event.name()),
                event.severity(),
                event.isOutcome() ? event.outcome() : Outcome.UNKNOWN.label(),
                event.phase(),
                0);
        rows.merge(key(event.vendor(), event.host()), single, HostInventory::merge);
    }

    /** True for a row made of outcomes only, whose contact is not in the inventory (already deleted). */
    static boolean outcomesOnly(HostRecord row) {
        return row.firstSeenNanos() == Long.MAX_VALUE;
    }

    List<HostRecord> rows() {
        return new ArrayList<>(rows.values());
    }

    static String key(String vendor, String host) {
        return vendor + '\0' + host;
    }

    /** The two rows of one vendor and host as one: earliest first contact, latest last, sums, unions, worsts. */
    static HostRecord merge(HostRecord a, HostRecord b) {
        boolean aFirst = a.firstSeenNanos() <= b.firstSeenNanos();
        boolean bLast = b.lastSeenNanos() >= a.lastSeenNanos();
        TreeSet<String> categories = new TreeSet<>(a.categories());
        categories.addAll(b.categories());
        List<String> names = new ArrayList<>(a.names());
        for (String name : b.names()) {
            if (names.size() >= MAX_NAMES) {
                break;
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return new HostRecord(
                a.vendor(),
                a.host(),
                bLast ? b.observer() : a.observer(),
                Math.min(a.firstSeenNanos(), b.firstSeenNanos()),
                Math.max(a.lastSeenNanos(), b.lastSeenNanos()),
                a.contacts() + b.contacts(),
                a.contactsAfterBan() + b.contactsAfterBan(),
                List.copyOf(categories),
                List.copyOf(names),
                worseSeverity(a.worstSeverity(), b.worstSeverity()),
                worseOutcome(a.worstOutcome(), b.worstOutcome()),
                aFirst ? a.firstPhase() : b.firstPhase(),
                Math.max(a.seq(), b.seq()));
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
}
