package io.banwatch.outcome;

import io.banwatch.attribute.NameAttribution;
import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.DecodedPacket;
import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Event;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.Transport;
import io.banwatch.match.CatalogMatcher;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Follows every matched contact of one capture thread to its outcome and hands one outcome event per contact to the
 * pipeline: a DNS query when its answer arrives; a TCP connection when both sides closed, either reset, an ICMP
 * unreachable answered its SYN, it fell silent for {@code outcomes.no_reply_seconds} or idle for the TCP idle
 * timeout; a QUIC connection when an ICMP unreachable answered it, it fell silent, or it went idle; and everything
 * still open when the capture ends ({@link #finish()}). A SYN to an address that a matched DNS answer gave is
 * followed too, as an attempt: a connection refused before it carried a name is a contact all the same. Not
 * thread-safe: one instance per capture thread, like the processor that feeds it.
 */
public final class ContactOutcomes {

    private final OutcomeSettings settings;
    private final AnomalyCounters anomalies;
    private final Consumer<Event> handoff;
    private final ConnectionAttempts attempts;
    private final ContactTable contacts = new ContactTable(OutcomeSettings.MAX_FOLLOWED_CONTACTS);
    /** Contacts not yet answered, in the order they started, for the no-reply deadline. */
    private final ArrayDeque<FollowedContact> awaitingReply = new ArrayDeque<>();

    private final PendingDnsQueries dns;
    private final IcmpError icmp = new IcmpError();

    private DecodedPacket current;
    private SequenceOrigins origins = SequenceOrigins.NONE;
    private long clockNanos = Long.MIN_VALUE;

    /** @param handoff where contact and outcome events go: the same queue as every other event */
    public ContactOutcomes(
            OutcomeSettings settings,
            AnomalyCounters anomalies,
            Consumer<Event> handoff,
            Supplier<CatalogMatcher> matcher) {
        this.settings = settings;
        this.anomalies = anomalies.register(OutcomeAnomaly.class);
        this.handoff = handoff;
        this.attempts = new ConnectionAttempts(matcher);
        this.dns = new PendingDnsQueries(
                OutcomeSettings.MAX_PENDING_DNS_QUERIES, anomalies, this::report, settings.sinkholes());
    }

    /**
     * Connects this follower to its capture thread's processor.
     *
     * @param packet the processor's packet, which holds the segment being processed when a contact is reported
     * @param origins the SYN sequence numbers of that segment's connection
     * @param names the DNS-answer address map, to follow SYNs to addresses of vendor names
     */
    public void bind(DecodedPacket packet, SequenceOrigins origins, NameAttribution names) {
        this.current = packet;
        this.origins = origins;
        attempts.names(names);
    }

    /** Contacts being followed now (DNS queries included). */
    public int followed() {
        return contacts.size() + dns.size();
    }

    /**
     * An event as matched on the capture thread, reported while the packet that completed it is being processed.
     * Matched client contacts start being followed; a matched DNS answer decides its query; an unmatched observation
     * on a connection followed as an attempt shows the connection carries another name, and the attempt is dropped.
     */
    public void accept(Event event) {
        if (event.isOutcome()) {
            return;
        }
        Observation o = event.observation();
        if (o.protocol() == Protocol.DNS) {
            if (event.matched() && o.dns() != null) {
                if (o.dns().type() == Observation.DnsMessageType.QUERY) {
                    dns.query(event);
                } else {
                    dns.answer(o);
                }
            }
            return;
        }
        FollowedContact known = find(o);
        if (!event.matched()) {
            if (known != null && known.attempt) {
                forget(known); // an ordinary name shares a vendor's address (a CDN): not a vendor contact
            }
            return;
        }
        if (known != null) {
            if (known.attempt) {
                known.contact = event; // the name the connection carries says more than the DNS answer's
                known.attempt = false;
            }
            return; // one outcome per connection: that of its first contact
        }
        follow(event, false);
    }

    /** Every decoded packet, after the inspectors saw it. Allocates nothing unless it starts a followed attempt. */
    public void onPacket(DecodedPacket packet) {
        if (packet.timestampNanos > clockNanos) {
            clockNanos = packet.timestampNanos;
        }
        expire();
        if (packet.isIcmp()) {
            onIcmp(packet);
            return;
        }
        boolean tcp = packet.isTcp();
        boolean pureSyn = tcp && (packet.tcpFlags & (DecodedPacket.SYN | DecodedPacket.ACK)) == DecodedPacket.SYN;
        if (contacts.size() == 0 && !pureSyn) {
            return;
        }
        FollowedContact c = contacts.find(
                packet.ipVersion,
                packet.transport,
                packet.tunnelId,
                packet.sourceAddress,
                packet.sourcePort,
                packet.destinationAddress,
                packet.destinationPort);
        boolean fromClient = contacts.lastFromClient();
        if (c == null) {
            if (!pureSyn || (c = attempt(packet)) == null) {
                return;
            }
            fromClient = true;
        }
        if (tcp) {
            if (fromClient) {
                c.tcp.onClientSegment(packet.tcpFlags, packet.sequence, packet.acknowledgement, packet.payloadLength);
            } else {
                c.tcp.onServerSegment(packet.tcpFlags, packet.sequence, packet.payloadLength);
            }
        } else if (fromClient) {
            c.quic.onClientDatagram(packet.payloadLength);
        } else {
            c.quic.onServerDatagram(packet.data, packet.payloadOffset, packet.payloadLength);
        }
        c.lastNanos = clockNanos;
        contacts.touch(c);
        if (tcp && c.tcp.ended()) {
            decide(c, false);
        }
    }

    /** The capture ended: every contact still followed is decided with what is known of it. */
    public void finish() {
        for (FollowedContact c = contacts.oldest(); c != null; c = contacts.oldest()) {
            boolean retransmitted = c.tcp != null ? c.tcp.clientSyns > 1 : c.quic.clientDatagrams > 1;
            decide(c, retransmitted && !c.answered());
        }
        awaitingReply.clear();
        dns.finish();
    }

    private void onIcmp(DecodedPacket packet) {
        IcmpError.Read read = icmp.read(packet);
        if (read == IcmpError.Read.TOO_SHORT) {
            anomalies.count(OutcomeAnomaly.ICMP_QUOTE_TOO_SHORT);
            return;
        }
        if (read != IcmpError.Read.UNREACHABLE || contacts.size() == 0) {
            return;
        }
        // The quote is the packet the client sent: client to server.
        FollowedContact c = contacts.find(
                icmp.ipVersion,
                icmp.transport,
                packet.tunnelId,
                icmp.source,
                icmp.sourcePort,
                icmp.destination,
                icmp.destinationPort);
        if (c == null || !contacts.lastFromClient() || c.answered()) {
            // Once the server answered, a late unreachable does not undo it: RFC 1122 4.2.3.9 has an open connection
            // treat most codes as soft errors.
            return;
        }
        if (c.tcp != null) {
            c.tcp.icmpUnreachable = true;
        } else {
            c.quic.icmpUnreachable = true;
        }
        decide(c, false);
    }

    /** Follows a SYN to an address that a DNS answer for a vendor name gave, if it is one. */
    private FollowedContact attempt(DecodedPacket syn) {
        Event contact = attempts.contactOf(syn);
        return contact == null ? null : follow(contact, true);
    }

    private FollowedContact follow(Event event, boolean attempt) {
        Observation o = event.observation();
        boolean tcp = o.transport() == Transport.TCP;
        if (contacts.full()) {
            anomalies.count(OutcomeAnomaly.FOLLOWED_CONTACTS_FULL);
            decide(contacts.oldest(), false);
        }
        FollowedContact c =
                new FollowedContact(tcp ? DecodedPacket.TCP : DecodedPacket.UDP, o.protocol() == Protocol.QUIC);
        byte[] client = o.source().address();
        byte[] server = o.destination().address();
        c.ipVersion = client.length == 16 ? 6 : 4;
        c.tunnelId = o.tunnelId();
        System.arraycopy(client, 0, c.client, 0, client.length);
        System.arraycopy(server, 0, c.server, 0, server.length);
        c.clientPort = o.source().port();
        c.serverPort = o.destination().port();
        c.contact = event;
        c.attempt = attempt;
        c.startNanos = o.timestampNanos();
        c.lastNanos = Math.max(clockNanos, c.startNanos); // the packet reporting it may not have moved the clock yet
        if (tcp && !attempt && current != null && current.isTcp() && current.sourcePort == c.clientPort) {
            c.tcp.origins(origins.initialSequence(true), origins.initialSequence(false));
        }
        contacts.insert(c);
        awaitingReply.addLast(c);
        return c;
    }

    /** Forgets a contact without reporting it. */
    private void forget(FollowedContact c) {
        c.decided = true;
        contacts.remove(c);
    }

    private void decide(FollowedContact c, boolean silent) {
        ContactOutcome outcome = c.tcp != null
                ? c.tcp.verdict(c.contact.observation().protocol(), settings.transferBytes(), silent)
                : c.quic.verdict(settings.transferBytes(), silent);
        c.decided = true;
        contacts.remove(c);
        if (c.attempt) {
            handoff.accept(c.contact); // the attempt's contact event, reported now that it is known to be one
        }
        report(c.contact, outcome);
    }

    private void report(Event contact, ContactOutcome outcome) {
        handoff.accept(new Event(contact.observation(), contact.match(), outcome));
    }

    /** Decides unanswered contacts past the no-reply time, then a few idle ones; a few steps per packet. */
    private void expire() {
        while (!awaitingReply.isEmpty()) {
            FollowedContact c = awaitingReply.peekFirst();
            if (c.decided || c.answered()) {
                awaitingReply.pollFirst();
            } else if (clockNanos - c.startNanos >= settings.noReplyNanos()) {
                awaitingReply.pollFirst();
                decide(c, true);
            } else {
                break;
            }
        }
        for (int i = 0; i < 2; i++) {
            FollowedContact oldest = contacts.oldest();
            long idle = oldest == null ? 0 : oldest.tcp != null ? settings.tcpIdleNanos() : settings.udpIdleNanos();
            if (oldest == null || clockNanos - oldest.lastNanos < idle) {
                break;
            }
            decide(oldest, false);
        }
        if (dns.size() > 0) {
            dns.expire(clockNanos, settings.noReplyNanos());
        }
    }

    private FollowedContact find(Observation o) {
        if (contacts.size() == 0) {
            return null;
        }
        int transport = o.transport() == Transport.TCP ? DecodedPacket.TCP : DecodedPacket.UDP;
        byte[] client = o.source().address();
        FollowedContact c = contacts.find(
                client.length == 16 ? 6 : 4,
                transport,
                o.tunnelId(),
                client,
                o.source().port(),
                o.destination().address(),
                o.destination().port());
        return c != null && contacts.lastFromClient() ? c : null;
    }
}
