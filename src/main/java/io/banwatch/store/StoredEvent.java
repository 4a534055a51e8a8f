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

    /**
     * Labels per row, in the order {@link #labels} writes them: the sensor, vendor, category, rule, phase, severity,
     * protocol, outcome and outcome reason. They are the catalog's and the enums' own strings, which the writer's queue
     * keeps as references (PendingEvents).
     */
    static final int LABELS = 9;

    /** The row for a matched event (a contact or its outcome). */
    public static StoredEvent of(Event event, String observer) {
        return of(event, observer, new JsonOutput(256));
    }

    /** The row for a matched event, its JSON written with {@code scratch}, an output the caller keeps. */
    public static StoredEvent of(Event event, String observer, JsonOutput scratch) {
        Observation o = event.observation();
        String[] labels = new String[LABELS];
        labels(event, observer, labels, 0);
        return of(
                o.timestampNanos(),
                labels,
                0,
                PipelineEvent.clientHost(o),
                o.nameOrServer(),
                o.source().ip(),
                o.source().port(),
                o.destination().ip(),
                o.destination().port(),
                destinationBytes(event),
                StoredJson.detail(event, scratch));
    }

    /** A row from the {@link #LABELS} labels in {@code labels} from {@code at}, and its other columns. */
    static StoredEvent of(
            long timestampNanos,
            String[] labels,
            int at,
            String host,
            String name,
            String sourceIp,
            int sourcePort,
            String destinationIp,
            int destinationPort,
            long destinationBytes,
            byte[] detail) {
        return new StoredEvent(
                timestampNanos,
                labels[at],
                host,
                labels[at + 1],
                labels[at + 2],
                labels[at + 3],
                labels[at + 4],
                labels[at + 5],
                labels[at + 6],
                name,
                sourceIp,
                sourcePort,
                destinationIp,
                destinationPort,
                labels[at + 7],
                labels[at + 8],
                destinationBytes,
                detail);
    }

    /** Writes the labels of an event's row into {@code into} from {@code at}, in the order of {@link #LABELS}. */
    static void labels(Event event, String observer, String[] into, int at) {
        Match match = event.match();
        ContactOutcome outcome = event.outcome();
        into[at] = observer;
        into[at + 1] = match == null ? null : match.vendor();
        into[at + 2] = match == null ? null : match.category().label();
        into[at + 3] = match == null ? null : match.rule();
        into[at + 4] = match == null ? null : match.phase();
        into[at + 5] = match == null ? null : match.severity().label();
        into[at + 6] = event.observation().protocol().label();
        into[at + 7] = outcome == null ? null : outcome.outcome().label();
        into[at + 8] = outcome == null || outcome.reason() == null
                ? null
                : outcome.reason().label();
    }

    /** Writes this row's labels into {@code into} from {@code at}, as {@link #labels(Event, String, String[], int)}. */
    void labelsInto(String[] into, int at) {
        into[at] = observer;
        into[at + 1] = vendor;
        into[at + 2] = category;
        into[at + 3] = rule;
        into[at + 4] = phase;
        into[at + 5] = severity;
        into[at + 6] = protocol;
        into[at + 7] = outcome;
        into[at + 8] = outcomeReason;
    }

    /** The bytes the server sent, for an outcome that counted them; -1 otherwise. */
    static long destinationBytes(Event event) {
        return event.outcome() == null ? -1 : event.outcome().destinationBytes();
    }

    public boolean isOutcome() {
        return outcome != null;
    }
}
