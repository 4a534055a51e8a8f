package io.banwatch.store;

import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Event;
import io.banwatch.event.JsonOutput;
import io.banwatch.inspect.Observation;
import io.banwatch.match.Match;
import io.banwatch.pipeline.PipelineEvent;

/**
 * One row of the events table: the fields people filter on as columns, and the event JSON without them for the rest
 * ({@link StoredJson}).
 *
 * @param timestampNanos the packet's capture time
 * @param host the client host the event is about
 * @param name the observed name, or the server's address for a flow without one
 * @param outcome null for a contact; the outcome label for an outcome event
 * @param detail the event JSON without the fields these columns hold, UTF-8
 */
public record StoredEvent(
        long timestampNanos,
        String observer,
        String host,
        String vendor,
        String category,
        String rule,
        String phase,
        String severity,
        String protocol,
        String name,
        String sourceIp,
        int sourcePort,
        String destinationIp,
        int destinationPort,
        String outcome,
        String outcomeReason,
        long destinationBytes,
        byte[] detail)
        implements StoreRow {

    /** The row for a matched event (a contact or its outcome). */
    public static StoredEvent of(Event event, String observer) {
        return of(event, observer, new JsonOutput(256));
    }

    /**
     * The row for a matched event, its JSON written with {@code scratch}: an output kept by the caller for the next
     * event, so that the pipeline makes one array per event (the stored JSON itself) instead of a growing series.
     */
    public static StoredEvent of(Event event, String observer, JsonOutput scratch) {
        Observation o = event.observation();
        Match match = event.match();
        ContactOutcome outcome = event.outcome();
        return new StoredEvent(
                o.timestampNanos(),
                observer,
                PipelineEvent.clientHost(o),
                match == null ? null : match.vendor(),
                match == null ? null : match.category().label(),
                match == null ? null : match.rule(),
                match == null ? null : match.phase(),
                match == null ? null : match.severity().label(),
                o.protocol().label(),
                o.name() != null ? o.name() : o.destination().ip(),
                o.source().ip(),
                o.source().port(),
                o.destination().ip(),
                o.destination().port(),
                outcome == null ? null : outcome.outcome().label(),
                outcome == null || outcome.reason() == null
                        ? null
                        : outcome.reason().label(),
                outcome == null ? -1 : outcome.destinationBytes(),
                StoredJson.detail(event, scratch));
    }

    public boolean isOutcome() {
        return outcome != null;
    }
}
