package io.banwatch.sensor;

import io.banwatch.event.Event;
import io.banwatch.match.Match;
import io.banwatch.pipeline.PipelineEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a run found, per host and service: the answer to "which machines reached which vendor services, since
 * when". Kept for the replay and demo summaries; bounded, and counts what it had to leave out.
 */
public final class Findings {

    /** Rows kept; a capture with more distinct (host, service) pairs is summarised by the metrics and the events. */
    public static final int MAX_ROWS = 10_000;

    /** One host's contact with one vendor service name. */
    public static final class Row {
        final String host;
        final Match match;
        final String name;
        final String protocol;
        final long firstSeenNanos;
        long lastSeenNanos;
        String lastPhase;
        long count;

        Row(String host, Match match, String name, String protocol, long timestampNanos) {
            this.host = host;
            this.match = match;
            this.name = name;
            this.protocol = protocol;
            this.firstSeenNanos = timestampNanos;
            this.lastSeenNanos = timestampNanos;
            this.lastPhase = match.phase();
        }

        public String host() {
            return host;
        }

        public Match match() {
            return match;
        }

        public String name() {
            return name;
        }

        public String protocol() {
            return protocol;
        }

        public long firstSeenNanos() {
            return firstSeenNanos;
        }

        public long lastSeenNanos() {
            return lastSeenNanos;
        }

        /** The policy phase at the last contact. */
        public String lastPhase() {
            return lastPhase;
        }

        public long count() {
            return count;
        }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final LongAdder overflow = new LongAdder();

    /** Records a matched event; unmatched ones are ignored. Called from one thread at a time. */
    public synchronized void add(Event event) {
        Match match = event.match();
        if (match == null) {
            return;
        }
        String host = PipelineEvent.clientHost(event.observation());
        // A flow matched by signature or service port may have no name: its server's address stands in for it.
        String name = event.observation().name() != null
                ? event.observation().name()
                : event.observation().destination().ip();
        String key = host
                + '\0'
                + match.vendor()
                + '\0'
                + match.category().label()
                + '\0'
                + name
                + '\0'
                + event.observation().protocol().label();
        Row row = rows.get(key);
        long ts = event.observation().timestampNanos();
        if (row == null) {
            if (rows.size() >= MAX_ROWS) {
                overflow.increment();
                return;
            }
            row = new Row(host, match, name, event.observation().protocol().label(), ts);
            rows.put(key, row);
        }
        row.count++;
        if (ts >= row.lastSeenNanos) {
            row.lastSeenNanos = ts;
            row.lastPhase = match.phase();
        }
    }

    /** The rows, by host then first contact. */
    public synchronized List<Row> rows() {
        List<Row> list = new ArrayList<>(rows.values());
        list.sort(Comparator.comparing(Row::host).thenComparingLong(Row::firstSeenNanos));
        return list;
    }

    /** Matched events not kept because {@link #MAX_ROWS} was reached. */
    public long overflow() {
        return overflow.sum();
    }
}
