package io.banwatch.sensor;

import io.banwatch.event.Event;
import io.banwatch.event.Outcome;
import io.banwatch.inspect.DnsRecord;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.banwatch.match.PolicyPhases;
import io.banwatch.match.Severity;
import io.banwatch.pipeline.PipelineEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What a run found, per host and per service: the answer to "which machines reached which vendor services, since
 * when, and did it get through". Kept for the replay and demo reports; bounded, and counts what it had to leave
 * out.
 */
public final class Findings {

    /** Rows kept; a capture with more distinct (host, service) pairs is summarised by the metrics and the events. */
    public static final int MAX_ROWS = 10_000;

    /** One host's contact with one vendor service name over one protocol. */
    public static final class Row {
        final String host;
        final String vendor;
        final Category category;
        final String name;
        final String protocol;
        final String via;
        final long firstSeenNanos;
        Match worst;
        long lastSeenNanos;
        String lastPhase;
        long count;
        long afterBan;
        Outcome outcome = Outcome.UNKNOWN;

        Row(String host, Match match, String name, String protocol, String via, long timestampNanos) {
            this.host = host;
            this.vendor = match.vendor();
            this.category = match.category();
            this.name = name;
            this.protocol = protocol;
            this.via = via;
            this.worst = match;
            this.firstSeenNanos = timestampNanos;
            this.lastSeenNanos = timestampNanos;
            this.lastPhase = match.phase();
        }

        public String host() {
            return host;
        }

        public String vendor() {
            return vendor;
        }

        public Category category() {
            return category;
        }

        /** The most severe match of this row (its rule, phase and severity). */
        public Match match() {
            return worst;
        }

        public Severity severity() {
            return worst.severity();
        }

        public String name() {
            return name;
        }

        public String protocol() {
            return protocol;
        }

        /** The CNAME target that matched the rule when the name itself did not, or null. */
        public String via() {
            return via;
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

        /** Contacts while updates were banned. */
        public long afterBan() {
            return afterBan;
        }

        /** The worst outcome reported for this row's contacts; unknown when none was. */
        public Outcome outcome() {
            return outcome;
        }
    }

    /** One host over all its rows: what a security lead reads first. */
    public record HostRow(
            String host,
            Severity worstSeverity,
            Set<Category> categories,
            Set<String> vendors,
            long firstSeenNanos,
            long lastSeenNanos,
            long contacts,
            long afterBan,
            Outcome worstOutcome) {}

    private final Supplier<CatalogMatcher> matcher;
    private final Map<RowKey, Row> rows = new LinkedHashMap<>();
    private final LongAdder overflow = new LongAdder();

    /** What a row counts: one host's contacts with one vendor service name, by category and protocol. */
    private record RowKey(String host, String vendor, Category category, String name, Protocol protocol) {

        // Written out (here and in the pipeline's other keys): a record's own equals and hashCode run through method
        // handles, which stay slow in the interpreter and C1 code where a replay spends its first seconds; these took
        // about a tenth of a second of a replay of the tap capture (README, Performance).
        @Override
        public boolean equals(Object o) {
            return o instanceof RowKey k
                    && Objects.equals(host, k.host)
                    && Objects.equals(vendor, k.vendor)
                    && category == k.category
                    && Objects.equals(name, k.name)
                    && protocol == k.protocol;
        }

        @Override
        public int hashCode() {
            int h = Objects.hashCode(host);
            h = 31 * h + Objects.hashCode(vendor);
            h = 31 * h + Objects.hashCode(category);
            h = 31 * h + Objects.hashCode(name);
            return 31 * h + Objects.hashCode(protocol);
        }
    }

    /** @param matcher the catalog, to tell which CNAME target of a DNS answer led to its match */
    public Findings(Supplier<CatalogMatcher> matcher) {
        this.matcher = matcher;
    }

    /** Records a matched event or a contact's outcome; unmatched events are ignored. One thread at a time. */
    public synchronized void add(Event event) {
        Match match = event.match();
        if (match == null) {
            return;
        }
        Observation o = event.observation();
        String host = PipelineEvent.clientHost(o);
        String name = o.nameOrServer();
        RowKey key = new RowKey(host, match.vendor(), match.category(), name, o.protocol());
        Row row = rows.get(key);
        if (event.isOutcome()) {
            if (row != null && event.outcome().outcome().worseThan(row.outcome)) {
                row.outcome = event.outcome().outcome();
            }
            return;
        }
        long ts = o.timestampNanos();
        if (row == null) {
            if (rows.size() >= MAX_ROWS) {
                overflow.increment();
                return;
            }
            row = new Row(host, match, name, o.protocol().label(), via(o, match), ts);
            rows.put(key, row);
        }
        row.count++;
        if (PolicyPhases.UPDATES_BANNED.equals(match.phase())) {
            row.afterBan++;
        }
        if (match.severity().compareTo(row.worst.severity()) > 0) {
            row.worst = match;
        }
        if (ts >= row.lastSeenNanos) {
            row.lastSeenNanos = ts;
            row.lastPhase = match.phase();
        }
    }

    /** For a DNS answer whose own name matches no rule: the CNAME target that did. */
    private String via(Observation o, Match match) {
        if (o.protocol() != Protocol.DNS || o.dns() == null || o.dns().answers() == null) {
            return null;
        }
        CatalogMatcher catalog = matcher.get();
        if (o.name() != null && catalog.matchHost(o.name(), o.timestampNanos()) != null) {
            return null;
        }
        for (DnsRecord record : o.dns().answers()) {
            if (record.type() == DnsRecord.CNAME) {
                Match target = catalog.matchHost(record.target(), o.timestampNanos());
                if (target != null && target.rule().equals(match.rule())) {
                    return record.target();
                }
            }
        }
        return null;
    }

    // The orders of the report's tables, each written out as one comparison: a chain of comparators made of method
    // references makes a call per link and key, and a report's sort runs once, mostly in the interpreter.

    /** Most severe first, then by host and first contact. */
    private static final Comparator<Row> ROW_ORDER = (a, b) -> {
        int order = b.severity().compareTo(a.severity());
        if (order == 0) {
            order = a.host.compareTo(b.host);
        }
        return order != 0 ? order : Long.compare(a.firstSeenNanos, b.firstSeenNanos);
    };

    /** Worst severity first, then most contacts after the updates ban, then the host's address. */
    private static final Comparator<HostRow> HOST_ORDER = (a, b) -> {
        int order = b.worstSeverity().compareTo(a.worstSeverity());
        if (order == 0) {
            order = Long.compare(b.afterBan(), a.afterBan());
        }
        return order != 0 ? order : a.host().compareTo(b.host());
    };

    /** The rows, most severe first, then by host and first contact. */
    public synchronized List<Row> rows() {
        List<Row> list = new ArrayList<>(rows.values());
        list.sort(ROW_ORDER);
        return list;
    }

    /**
     * One row per host: worst severity first, then most contacts after the updates ban, then the host's address.
     */
    public synchronized List<HostRow> hosts() {
        Map<String, HostTotals> byHost = new HashMap<>();
        for (Row row : rows.values()) {
            HostTotals.add(byHost, row); // a call per row, compiled soon: this loop runs once per report
        }
        List<HostRow> hosts = new ArrayList<>(byHost.size());
        for (Map.Entry<String, HostTotals> entry : byHost.entrySet()) {
            hosts.add(entry.getValue().row(entry.getKey()));
        }
        hosts.sort(HOST_ORDER);
        return hosts;
    }

    /** One host's rows added up. */
    private static final class HostTotals {
        private Severity worst = Severity.INFO;
        private final Set<Category> categories = EnumSet.noneOf(Category.class);
        private final Set<String> vendors = new TreeSet<>();
        private long first = Long.MAX_VALUE;
        private long last = Long.MIN_VALUE;
        private long contacts;
        private long afterBan;
        private Outcome outcome = Outcome.UNKNOWN;

        static void add(Map<String, HostTotals> byHost, Row row) {
            HostTotals totals = byHost.get(row.host);
            if (totals == null) {
                totals = new HostTotals();
                byHost.put(row.host, totals);
            }
            totals.add(row);
        }

        private void add(Row row) {
            worst = row.severity().compareTo(worst) > 0 ? row.severity() : worst;
            categories.add(row.category);
            vendors.add(row.vendor);
            first = Math.min(first, row.firstSeenNanos);
            last = Math.max(last, row.lastSeenNanos);
            contacts += row.count;
            afterBan += row.afterBan;
            outcome = row.outcome.worseThan(outcome) ? row.outcome : outcome;
        }

        HostRow row(String host) {
            return new HostRow(host, worst, categories, vendors, first, last, contacts, afterBan, outcome);
        }
    }

    /** Matched events not kept because {@link #MAX_ROWS} was reached. */
    public long overflow() {
        return overflow.sum();
    }
}
