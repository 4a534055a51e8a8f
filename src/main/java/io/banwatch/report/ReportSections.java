package io.banwatch.report;

import io.banwatch.match.Phase;
import io.banwatch.store.ReportQueries;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's tables: policy timeline, hosts, and the sensor's coverage with what the store cannot tell. */
final class ReportSections {

    private ReportSections() {}

    static void timeline(StringBuilder html, List<ComplianceReport.VendorPolicy> policies) {
        html.append("<section class=\"timeline\">\n<h2>Policy timeline</h2>\n");
        for (ComplianceReport.VendorPolicy policy : policies) {
            Phase deadline = policy.deadline();
            if (deadline != null) {
                html.append("<p><strong>Deadline: ")
                        .append(Html.escape(policy.displayName()))
                        .append(" signature and code updates and KSN banned from ")
                        .append(Html.escape(ReportTimes.rfc3339(deadline.startNanos())))
                        .append(" (")
                        .append(Html.escape(ReportTimes.eastern(deadline.startNanos())))
                        .append(").</strong></p>\n");
            }
            html.append("<table>\n<thead><tr><th>Phase</th><th>From (UTC)</th><th>From (US Eastern)</th>")
                    .append("<th>What it means, and the source</th></tr></thead>\n<tbody>\n");
            for (Phase phase : policy.phases()) {
                html.append(phase == deadline ? "<tr class=\"deadline\">" : "<tr>")
                        .append("<td>")
                        .append(Html.escape(phase.name()))
                        .append("</td><td class=\"time\">")
                        .append(Html.escape(ReportTimes.utc(phase.startNanos())))
                        .append("</td><td class=\"time\">")
                        .append(Html.escape(ReportTimes.eastern(phase.startNanos())))
                        .append("</td><td>")
                        .append(Html.escape(phase.description()))
                        .append("<div class=\"source\">Source: ")
                        .append(Html.escape(phase.source()))
                        .append("</div></td></tr>\n");
            }
            html.append("</tbody>\n</table>\n");
        }
        html.append("</section>\n");
    }

    static void hosts(StringBuilder html, ComplianceReport report) {
        html.append("<section class=\"hosts\">\n<h2>Hosts that reached vendor services</h2>\n");
        if (report.hosts().isEmpty()) {
            html.append("<p>No host reached a cataloged vendor service in the period.</p>\n</section>\n");
            return;
        }
        html.append("<p class=\"note\">Per vendor and host, contacts in the period, most contacts after the ban ")
                .append("first. Update, KSN, licensing and management services are banned; threat intelligence is ")
                .append("not. The worst outcome is what let most through: transferred, connected, blocked, or ")
                .append("unknown when the sensor could not tell.</p>\n")
                .append("<table>\n<thead><tr><th>Host</th><th>Vendor</th><th>Categories</th><th>Severity</th>")
                .append("<th>First contact</th><th>Last contact</th><th class=\"num\">Contacts</th>")
                .append("<th class=\"num\">After the ban</th><th>Worst outcome</th></tr></thead>\n<tbody>\n");
        for (ComplianceReport.HostLine host : report.hosts()) {
            html.append("<tr><td>")
                    .append(Html.escape(host.host()))
                    .append("</td><td>")
                    .append(Html.escape(host.vendor()))
                    .append("</td><td>")
                    .append(Html.escape(String.join(", ", host.categories())))
                    .append("</td><td>")
                    .append(Html.escape(host.worstSeverity()))
                    .append("</td><td class=\"time\">")
                    .append(Html.escape(ReportTimes.utc(host.firstNanos())))
                    .append("</td><td class=\"time\">")
                    .append(Html.escape(ReportTimes.utc(host.lastNanos())))
                    .append("</td><td class=\"num\">")
                    .append(number(host.contacts()))
                    .append("</td><td class=\"num\">")
                    .append(number(host.contactsAfterBan()))
                    .append("</td><td class=\"outcome-")
                    .append(Html.escape(host.worstOutcome()))
                    .append("\">")
                    .append(Html.escape(host.worstOutcome()))
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        leftOut(html, report.hostsTotal() - report.hosts().size(), "banwatch query hosts");
        html.append("</section>\n");
    }

    static void coverage(StringBuilder html, ComplianceReport report) {
        html.append("<section class=\"coverage\">\n<h2>Coverage and blind spots</h2>\n");
        if (report.observers().isEmpty()) {
            html.append("<p>No sensor stored an event in the period.</p>\n");
        } else {
            html.append("<table>\n<thead><tr><th>Sensor</th><th class=\"num\">Events stored</th>")
                    .append("<th>First event</th><th>Last event</th></tr></thead>\n<tbody>\n");
            for (ReportQueries.ObserverRow sensor : report.observers()) {
                html.append("<tr><td>")
                        .append(Html.escape(sensor.observer()))
                        .append("</td><td class=\"num\">")
                        .append(number(sensor.events()))
                        .append("</td><td>")
                        .append(Html.escape(ReportTimes.utc(sensor.firstNanos())))
                        .append("</td><td>")
                        .append(Html.escape(ReportTimes.utc(sensor.lastNanos())))
                        .append("</td></tr>\n");
            }
            html.append("</tbody>\n</table>\n");
        }
        outcomes(html, report.outcomes());
        if (report.quiet() != null) {
            ComplianceReport.Period quiet = report.quiet();
            html.append("<p>Longest stretch without any stored event: ")
                    .append(Html.escape(ReportTimes.utc(quiet.fromNanos())))
                    .append(" to ")
                    .append(Html.escape(ReportTimes.utc(quiet.untilNanos())))
                    .append(" (")
                    .append(Html.escape(ReportTimes.duration(quiet.untilNanos() - quiet.fromNanos())))
                    .append("). Either nothing contacted a vendor then, or no sensor was capturing.</p>\n");
        }
        cannotTell(html);
        html.append("</section>\n");
    }

    private static void outcomes(StringBuilder html, Map<String, Long> outcomes) {
        if (outcomes.isEmpty()) {
            html.append("<p>No outcome of a contact is stored for the period.</p>\n");
            return;
        }
        html.append("<p>Outcomes of contacts in the period: ");
        StringBuilder list = new StringBuilder();
        outcomes.forEach((outcome, count) -> list.append(list.isEmpty() ? "" : ", ")
                .append(number(count))
                .append(' ')
                .append(Html.escape(outcome)));
        html.append(list)
                .append(". An <em>unknown</em> outcome means the tap did not see enough of the reply ")
                .append("to tell (the capture ended, or the contact was evicted first).</p>\n");
    }

    /** What the event store does not record, said plainly so that silence is not read as proof. */
    private static void cannotTell(StringBuilder html) {
        html.append("<p><strong>What this report cannot tell.</strong> The event store keeps matched contacts and ")
                .append("their outcomes only:</p>\n<ul class=\"cannot\">\n")
                .append("<li>packets captured, bytes and capture drops (kernel, interface, queue) are not stored; ")
                .append("they are the sensor's metrics <code>banwatch_packets_total</code> and ")
                .append("<code>banwatch_capture_drops_total</code>, to be read from Prometheus for this period;</li>\n")
                .append("<li>when a sensor was running: a stretch without events does not prove there was no ")
                .append("traffic;</li>\n")
                .append("<li>traffic that hides names from a passive sensor (Encrypted Client Hello, DNS over HTTPS, ")
                .append("TLS or QUIC, resolvers outside the network) is counted in ")
                .append("<code>banwatch_blind_spots_total</code>, not stored;</li>\n")
                .append(
                        "<li>traffic on paths the tap does not see (other uplinks, VPN tunnels, roaming laptops).</li>\n")
                .append("</ul>\n");
    }

    static void leftOut(StringBuilder html, long count, String query) {
        if (count > 0) {
            html.append("<p class=\"note\">")
                    .append(number(count))
                    .append(" more rows are not listed; <code>")
                    .append(Html.escape(query))
                    .append("</code> lists them all.</p>\n");
        }
    }

    static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
