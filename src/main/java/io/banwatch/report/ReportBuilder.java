package io.banwatch.report;

import io.banwatch.event.Outcome;
import io.banwatch.match.Category;
import io.banwatch.match.Phase;
import io.banwatch.match.PolicyPhases;
import io.banwatch.match.Severity;
import io.banwatch.match.VendorCatalog;
import io.banwatch.store.EventStore;
import io.banwatch.store.ReportQueries;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the compliance report's model from the event store and the vendor catalogs, for a period of packet time. */
public final class ReportBuilder {

    /**
     * Rows a table lists at most: a report is read by people, and the store answers the rest ({@code banwatch
     * query}); the report says how many were left out.
     */
    public static final int MAX_ROWS = 2_000;

    /**
     * Categories outside the prohibition: threat-intelligence lookups are not banned (89 FR 52434 names updates,
     * KSN, resale and licensing), so what they transfer is not something that "got through".
     */
    public static final List<String> NOT_BANNED = List.of(Category.THREAT_INTEL.label());

    private final EventStore store;
    private final List<VendorCatalog> catalogs;
    private final Clock clock;
    private final String version;

    public ReportBuilder(EventStore store, List<VendorCatalog> catalogs, Clock clock, String version) {
        this.store = store;
        this.catalogs = List.copyOf(catalogs);
        this.clock = clock;
        this.version = version;
    }

    /**
     * The report for packet times {@code [sinceNanos, untilNanos)}; a bound left null is taken from the stored
     * events (the first event, and just after the last).
     */
    public ComplianceReport build(Long sinceNanos, Long untilNanos) throws SQLException {
        return ReportQueries.read(store, q -> build(q, sinceNanos, untilNanos));
    }

    private ComplianceReport build(ReportQueries q, Long sinceNanos, Long untilNanos) throws SQLException {
        List<ComplianceReport.VendorPolicy> policies = policies();
        ComplianceReport.Period period = period(q, sinceNanos, untilNanos);
        if (period == null) {
            return new ComplianceReport(
                    null,
                    true,
                    clock.instant(),
                    version,
                    store.location(),
                    List.of(),
                    policies,
                    null,
                    List.of(),
                    0,
                    List.of(),
                    0,
                    Map.of(),
                    null);
        }
        long from = period.fromNanos();
        long until = period.untilNanos();
        long width = ContactChart.bucketWidth(until - from);
        ContactChart chart =
                ContactChart.of(from, until, width, q.contactsPerBucket(from, until, width), markers(policies));
        List<ReportQueries.HostOutcome> outcomes = q.hostOutcomes(from, until);
        List<ReportQueries.Transfer> transfers = new ArrayList<>();
        long transfersTotal = 0;
        for (ComplianceReport.VendorPolicy policy : policies) {
            if (policy.deadline() == null || policy.deadline().startNanos() >= until) {
                continue;
            }
            long after = Math.max(from, policy.deadline().startNanos());
            transfers.addAll(q.transfers(after, until, policy.vendor(), NOT_BANNED, MAX_ROWS));
            transfersTotal += q.transferCount(after, until, policy.vendor(), NOT_BANNED);
        }
        transfers.sort(Comparator.comparingLong(ReportQueries.Transfer::timestampNanos));
        return new ComplianceReport(
                period,
                sinceNanos == null || untilNanos == null,
                clock.instant(),
                version,
                store.location(),
                q.observers(from, until),
                policies,
                chart,
                hosts(q.hosts(from, until, MAX_ROWS), outcomes),
                q.hostCount(from, until),
                List.copyOf(transfers.subList(0, Math.min(MAX_ROWS, transfers.size()))),
                transfersTotal,
                outcomeTotals(outcomes),
                quiet(q.longestQuiet(from, until)));
    }

    private static ComplianceReport.Period period(ReportQueries q, Long sinceNanos, Long untilNanos)
            throws SQLException {
        if (sinceNanos != null && untilNanos != null) {
            return new ComplianceReport.Period(sinceNanos, untilNanos);
        }
        ReportQueries.Span span = q.span(sinceNanos, untilNanos);
        if (span == null) {
            if (sinceNanos == null && untilNanos == null) {
                return null;
            }
            long at = sinceNanos != null ? sinceNanos : untilNanos;
            return new ComplianceReport.Period(at, at);
        }
        long from = sinceNanos != null ? sinceNanos : span.firstNanos();
        // Just after the last event (the store keeps microseconds): the period is half-open and must hold it.
        long until = untilNanos != null ? untilNanos : span.lastNanos() + 1_000;
        return new ComplianceReport.Period(from, until);
    }

    private List<ComplianceReport.VendorPolicy> policies() {
        List<ComplianceReport.VendorPolicy> policies = new ArrayList<>();
        for (VendorCatalog catalog : catalogs) {
            Phase deadline = null;
            for (Phase phase : catalog.policy().phases()) {
                if (phase.name().equals(PolicyPhases.DEFAULT_ALERT_PHASE)) {
                    deadline = phase;
                }
            }
            policies.add(new ComplianceReport.VendorPolicy(
                    catalog.id(), catalog.displayName(), catalog.policy().phases(), deadline));
        }
        return policies;
    }

    private static List<ContactChart.Marker> markers(List<ComplianceReport.VendorPolicy> policies) {
        List<ContactChart.Marker> markers = new ArrayList<>();
        for (ComplianceReport.VendorPolicy policy : policies) {
            if (policy.deadline() != null) {
                markers.add(new ContactChart.Marker(
                        policy.deadline().startNanos(),
                        policy.displayName() + " updates banned "
                                + ReportTimes.utcMinutes(policy.deadline().startNanos())));
            }
        }
        return markers;
    }

    private static List<ComplianceReport.HostLine> hosts(
            List<ReportQueries.HostContacts> contacts, List<ReportQueries.HostOutcome> outcomes) {
        Map<String, Outcome> worst = new HashMap<>();
        for (ReportQueries.HostOutcome outcome : outcomes) {
            Outcome o = outcomeOf(outcome.outcome());
            worst.merge(outcome.vendor() + '\0' + outcome.host(), o, (a, b) -> b.worseThan(a) ? b : a);
        }
        List<ComplianceReport.HostLine> lines = new ArrayList<>();
        for (ReportQueries.HostContacts host : contacts) {
            lines.add(new ComplianceReport.HostLine(
                    host.vendor(),
                    host.host(),
                    host.firstNanos(),
                    host.lastNanos(),
                    host.contacts(),
                    host.contactsAfterBan(),
                    host.categories().stream().sorted().toList(),
                    worstSeverity(host.severities()),
                    worst.getOrDefault(host.vendor() + '\0' + host.host(), Outcome.UNKNOWN)
                            .label()));
        }
        // Banned services first, then what got furthest: an auditor reads the hosts that received something before
        // those that were blocked, and threat-intelligence lookups (not banned) last.
        lines.sort(Comparator.comparing((ComplianceReport.HostLine h) -> NOT_BANNED.containsAll(h.categories()))
                .thenComparing(Comparator.comparing((ComplianceReport.HostLine h) -> outcomeOf(h.worstOutcome()))
                        .reversed())
                .thenComparing(Comparator.comparingLong(ComplianceReport.HostLine::contactsAfterBan)
                        .reversed())
                .thenComparing(Comparator.comparingLong(ComplianceReport.HostLine::lastNanos)
                        .reversed())
                .thenComparing(ComplianceReport.HostLine::host));
        return lines;
    }

    private static Outcome outcomeOf(String label) {
        try {
            return Outcome.fromLabel(label);
        } catch (IllegalArgumentException newerBanwatch) {
            return Outcome.UNKNOWN;
        }
    }

    private static String worstSeverity(List<String> labels) {
        Severity worst = null;
        for (String label : labels) {
            Severity s = Severity.fromLabel(label);
            if (s != null && (worst == null || s.compareTo(worst) > 0)) {
                worst = s;
            }
        }
        return worst == null ? "" : worst.label();
    }

    private static Map<String, Long> outcomeTotals(List<ReportQueries.HostOutcome> outcomes) {
        Map<String, Long> totals = new TreeMap<>();
        outcomes.forEach(o -> totals.merge(o.outcome(), o.count(), Long::sum));
        return totals;
    }

    private static ComplianceReport.Period quiet(ReportQueries.Span span) {
        return span == null ? null : new ComplianceReport.Period(span.firstNanos(), span.lastNanos());
    }
}
