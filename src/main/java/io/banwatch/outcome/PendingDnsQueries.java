package io.banwatch.outcome;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.Endpoint;
import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Event;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Transport;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Matched DNS queries awaiting their answer, oldest first. An answer is paired with its query by transport,
 * endpoints and message ID (RFC 1035 section 4.1.1: the ID "is copied into the corresponding reply"); a query
 * retransmitted with the same ID is one contact.
 */
final class PendingDnsQueries {

    private record Key(Transport transport, Endpoint client, Endpoint server, int id) {

        // Written out: a record's own equals and hashCode run through method handles, slow in the interpreter and C1
        // code where a replay spends its first seconds (README, Performance).
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && id == k.id
                    && transport == k.transport
                    && Objects.equals(client, k.client)
                    && Objects.equals(server, k.server);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * (31 * Objects.hashCode(transport) + Objects.hashCode(client)) + Objects.hashCode(server))
                    + id;
        }
    }

    private static final class Pending {
        final Key key;
        final Event contact;
        final long startNanos;
        int queries = 1;
        boolean answered;

        Pending(Key key, Event contact, long startNanos) {
            this.key = key;
            this.contact = contact;
            this.startNanos = startNanos;
        }
    }

    private final Map<Key, Pending> pending = new HashMap<>();
    /** The same queries in the order they were sent, so that expiry looks at the oldest only (no iterator). */
    private final ArrayDeque<Pending> bySendTime = new ArrayDeque<>();

    private final int capacity;
    private final AnomalyCounters anomalies;
    private final OutcomeSink sink;
    private final Sinkholes sinkholes;

    PendingDnsQueries(int capacity, AnomalyCounters anomalies, OutcomeSink sink, Sinkholes sinkholes) {
        this.capacity = capacity;
        this.anomalies = anomalies;
        this.sink = sink;
        this.sinkholes = sinkholes;
    }

    int size() {
        return pending.size();
    }

    void query(Event contact) {
        Observation o = contact.observation();
        Key key = new Key(o.transport(), o.source(), o.destination(), o.dns().id());
        Pending known = pending.get(key);
        if (known != null) {
            known.queries++;
            return;
        }
        if (pending.size() >= capacity) {
            anomalies.count(OutcomeAnomaly.PENDING_DNS_QUERIES_FULL);
            Pending evicted = oldestPending();
            pending.remove(evicted.key);
            evicted.answered = true;
            sink.decided(evicted.contact, DnsVerdict.unknown());
        }
        Pending query = new Pending(key, contact, o.timestampNanos());
        pending.put(key, query);
        bySendTime.addLast(query);
    }

    /** An answer (its source is the server): decides its query's outcome, if that query is pending. */
    void answer(Observation answer) {
        Pending query = pending.remove(new Key(
                answer.transport(),
                answer.destination(),
                answer.source(),
                answer.dns().id()));
        if (query != null) {
            query.answered = true;
            sink.decided(query.contact, DnsVerdict.of(answer.dns(), sinkholes));
        }
    }

    /** Decides the queries unanswered for {@code noReplyNanos} as {@code no_reply}. */
    void expire(long nowNanos, long noReplyNanos) {
        for (Pending query = oldestPending(); query != null; query = oldestPending()) {
            if (nowNanos - query.startNanos < noReplyNanos) {
                return;
            }
            bySendTime.pollFirst();
            pending.remove(query.key);
            query.answered = true;
            sink.decided(query.contact, DnsVerdict.noReply());
        }
    }

    /** The oldest query still waiting, dropping answered ones from the front of the queue. */
    private Pending oldestPending() {
        while (!bySendTime.isEmpty() && bySendTime.peekFirst().answered) {
            bySendTime.pollFirst();
        }
        return bySendTime.peekFirst();
    }

    /**
     * At the end of a capture: a query sent again without an answer went into silence; one sent once may simply have
     * been answered after the capture ended.
     */
    void finish() {
        for (Pending query = oldestPending(); query != null; query = oldestPending()) {
            bySendTime.pollFirst();
            query.answered = true;
            ContactOutcome outcome = query.queries > 1 ? DnsVerdict.noReply() : DnsVerdict.unknown();
            sink.decided(query.contact, outcome);
        }
        pending.clear();
    }
}
