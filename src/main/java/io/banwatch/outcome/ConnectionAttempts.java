package io.banwatch.outcome;

import io.banwatch.attribute.NameAttribution;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.decode.Endpoint;
import io.banwatch.event.Event;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.Transport;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.match.Match;
import java.util.function.Supplier;

/**
 * Recognises a SYN to an address that a DNS answer for a vendor name gave: a connection a firewall refuses never
 * carries a name of its own, so without this its block would go unseen. Looks the address up first, so a SYN to any
 * other address costs one map lookup and allocates nothing.
 */
final class ConnectionAttempts {

    private final Supplier<CatalogMatcher> matcher;
    private NameAttribution names;

    ConnectionAttempts(Supplier<CatalogMatcher> matcher) {
        this.matcher = matcher;
    }

    void names(NameAttribution names) {
        this.names = names;
    }

    /** The contact a client's SYN makes, named by the DNS answer for its destination, or null when it makes none. */
    Event contactOf(DecodedPacket syn) {
        if (names == null) {
            return null;
        }
        int length = syn.addressLength();
        String name = names.nameFor(syn.destinationAddress, length, syn.sourceAddress, length, syn.timestampNanos);
        if (name == null) {
            return null;
        }
        Observation flow = Observation.flow(
                        syn.timestampNanos,
                        Transport.TCP,
                        Protocol.UNKNOWN,
                        Endpoint.of(syn.sourceAddress, length, syn.sourcePort),
                        Endpoint.of(syn.destinationAddress, length, syn.destinationPort),
                        syn.vlanId,
                        syn.tunnelId)
                .withAttributedName(name);
        Match match = matcher.get().match(flow);
        return match == null ? null : new Event(flow, match);
    }
}
