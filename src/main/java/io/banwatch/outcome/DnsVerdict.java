package io.banwatch.outcome;

import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;
import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;

/** The outcome of a DNS query for a vendor name, from its answer. */
final class DnsVerdict {

    private DnsVerdict() {}

    /**
     * RFC 1035 section 4.1.1 RCODE: 2 SERVFAIL, 3 NXDOMAIN (Name Error), 5 REFUSED are how a filtering resolver says
     * no (RFC 8914 adds Extended DNS Errors such as Blocked and Filtered beside the RCODE; the RCODE decides here).
     * A NOERROR answer is a sinkhole when every address record in it is one; with any other address the name
     * resolved. A NOERROR answer without addresses (NODATA), and the other RCODEs, tell nothing.
     */
    static ContactOutcome of(Observation.Dns answer, Sinkholes sinkholes) {
        String rcode = answer.responseCode() == null ? "" : answer.responseCode();
        return switch (rcode) {
            case "NXDOMAIN" -> blocked(OutcomeReason.DNS_NXDOMAIN);
            case "REFUSED" -> blocked(OutcomeReason.DNS_REFUSED);
            case "SERVFAIL" -> blocked(OutcomeReason.DNS_SERVFAIL);
            case "NOERROR" -> fromAddresses(answer, sinkholes);
            default -> unknown();
        };
    }

    private static ContactOutcome fromAddresses(Observation.Dns answer, Sinkholes sinkholes) {
        int addresses = 0;
        int sunk = 0;
        if (answer.answers() != null) {
            for (DnsRecord record : answer.answers()) {
                if (record.isAddress()) {
                    addresses++;
                    if (sinkholes.contains(record.data())) {
                        sunk++;
                    }
                }
            }
        }
        if (addresses == 0) {
            return unknown();
        }
        return sunk == addresses
                ? blocked(OutcomeReason.DNS_SINKHOLE)
                : new ContactOutcome(Outcome.CONNECTED, OutcomeReason.DNS_ANSWER, -1, -1);
    }

    static ContactOutcome noReply() {
        return blocked(OutcomeReason.NO_REPLY);
    }

    static ContactOutcome unknown() {
        return new ContactOutcome(Outcome.UNKNOWN, null, -1, -1);
    }

    private static ContactOutcome blocked(OutcomeReason reason) {
        return new ContactOutcome(Outcome.BLOCKED, reason, -1, -1);
    }
}
