package io.banwatch.report;

import io.banwatch.match.Phase;
import io.banwatch.store.ReportQueries;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the compliance report says, in the order an auditor reads it; the HTML renderer only lays it out.
 *
 * @param period the packet-time period covered, or null when neither a period was given nor any event is stored
 * @param periodFromData true when the period was not given and is the span of the stored events
 * @param outcomes outcome events of the period per outcome label
 * @param quiet the longest stretch of the period without any stored event, or null
 */
public record ComplianceReport(
        Period period,
        boolean periodFromData,
        Instant generatedAt,
        String version,
        String storePath,
        List<ReportQueries.ObserverRow> observers,
        List<VendorPolicy> policies,
        ContactChart chart,
        List<HostLine> hosts,
        long hostsTotal,
        List<ReportQueries.Transfer> transfers,
        long transfersTotal,
        Map<String, Long> outcomes,
        Period quiet) {

    /** Packet time {@code [fromNanos, untilNanos)}. */
    public record Period(long fromNanos, long untilNanos) {}

    /**
     * A vendor's policy phases from its catalog.
     *
     * @param deadline the phase in which updates and the vendor's cloud are banned, or null when it declares none
     */
    public record VendorPolicy(String vendor, String displayName, List<Phase> phases, Phase deadline) {}

    /**
     * One host's contacts with one vendor in the period.
     *
     * @param worstOutcome the outcome that let most through; {@code unknown} when none was decided
     */
    public record HostLine(
            String vendor,
            String host,
            long firstNanos,
            long lastNanos,
            long contacts,
            long contactsAfterBan,
            List<String> categories,
            String worstSeverity,
            String worstOutcome) {}

    /** True when nothing banned got through after a deadline in the period: the answer the auditor looks for. */
    public boolean nothingGotThrough() {
        return transfersTotal == 0;
    }
}
