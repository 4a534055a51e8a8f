package io.banwatch.alert;

import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Event;
import io.banwatch.event.Outcome;
import io.banwatch.match.Category;
import io.banwatch.match.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One notification about an alert: a host that reached a vendor service in a phase whose policy makes it an alert.
 * An alert lives per vendor, host and category; each notification is a snapshot of it at one {@link #revision}, taken
 * on the pipeline's event loop and immutable, so sinks may read it on their own threads.
 *
 * @param id stable over the alert's life (vendor, host, category and first contact), for dedup downstream
 * @param revision 1 when raised, one more for every re-notification or update
 * @param event the latest event of the alert: a contact, or the outcome event that updated it
 * @param host the client's address: the event's source, or the destination of a DNS answer
 * @param severity the catalog's severity for the category in the phase, {@code critical} once data was transferred
 * @param firstSeenNanos packet time of the alert's first contact
 * @param lastSeenNanos packet time of its latest contact
 * @param count contacts seen (outcome events are not contacts)
 * @param names the names contacted (the destination address when a contact had no name), first ones first
 * @param rules the catalog rules hit, first ones first
 * @param outcome the worst outcome reported so far, {@link Outcome#UNKNOWN} before any
 * @param outcomeDetail the outcome event's detail for {@link #outcome}, or null
 * @param phaseStart when the alert's phase began (the deadline), or null when unknown
 * @param message the sentence people read
 */
public record Alert(
        String id,
        int revision,
        Reason reason,
        Event event,
        String host,
        Severity severity,
        long firstSeenNanos,
        long lastSeenNanos,
        long count,
        List<String> names,
        List<String> rules,
        Outcome outcome,
        ContactOutcome outcomeDetail,
        Instant phaseStart,
        String message) {

    /** Why a notification was sent. */
    public enum Reason {
        /** The alert's first contact. */
        NEW("new"),
        /** The contacts went on for a re-notify interval since the last notification. */
        RENOTIFY("renotify"),
        /** The outcome got worse (blocked, connected, transferred). */
        OUTCOME("outcome"),
        /** Not a notification: contacts go on, for sinks that keep an alert alive between notifications. */
        ACTIVITY("activity");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Alert {
        Objects.requireNonNull(event.match(), "an alert needs a matched event");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(outcome, "outcome");
        names = List.copyOf(names);
        rules = List.copyOf(rules);
    }

    public String vendor() {
        return event.match().vendor();
    }

    public Category category() {
        return event.match().category();
    }

    public String phase() {
        return event.match().phase();
    }

    /**
     * The {@code Idempotency-Key} of this notification: the alert's id and revision, so an update is a new delivery
     * and a retry of the same revision is not (draft-ietf-httpapi-idempotency-key-header section 2).
     */
    public String deliveryKey() {
        return id + "-" + revision;
    }
}
