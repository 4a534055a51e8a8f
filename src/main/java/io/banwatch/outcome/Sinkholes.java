package io.banwatch.outcome;

import io.banwatch.decode.Endpoint;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The addresses a blocking resolver answers with instead of the real ones: the unspecified addresses 0.0.0.0 and ::
 * (RFC 1122 section 3.2.1.3, RFC 4291 section 2.5.2), IPv4 loopback 127.0.0.0/8 and ::1 (RFC 1122, RFC 4291
 * section 2.5.3), and the sinkholes of {@code outcomes.sinkhole_addresses}.
 */
public final class Sinkholes {

    private final Set<String> configured;

    private Sinkholes(Set<String> configured) {
        this.configured = configured;
    }

    /**
     * @param addresses address literals, IPv4 or IPv6, in any text form
     * @throws IllegalArgumentException naming the first entry that is not an address literal
     */
    public static Sinkholes of(List<String> addresses) {
        Set<String> normalised = new HashSet<>();
        for (String address : addresses) {
            // Only literals: a dotted quad, or IPv6 text (which has a colon), so that parsing never looks a name up.
            if (address == null
                    || !(address.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                            || address.matches("[0-9A-Fa-f.:]*:[0-9A-Fa-f.:]*"))) {
                throw new IllegalArgumentException("not an IP address: " + address);
            }
            normalised.add(Endpoint.parse(address, 0).ip()); // the text form DNS answers are written in
        }
        return new Sinkholes(Set.copyOf(normalised));
    }

    /** Whether an A or AAAA record's data (as an answer carries it: dotted quad or RFC 5952 text) is a sinkhole. */
    public boolean contains(String address) {
        return address.equals("0.0.0.0")
                || address.equals("::")
                || address.equals("::1")
                || address.startsWith("127.")
                || configured.contains(address);
    }
}
