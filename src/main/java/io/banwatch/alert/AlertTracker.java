package io.banwatch.alert;

import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Event;
import io.banwatch.event.Outcome;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.banwatch.match.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps one alert per vendor, host and category and decides when sinks hear of it: when it is raised, when contacts
 * go on for a re-notify interval since the last notification, and when its outcome gets worse (blocked, connected,
 * transferred). Between notifications it reports activity, so sinks that keep an alert alive (Alertmanager's
 * {@code endsAt}) can push its end forward. Times are packet times. Used on the pipeline's event loop only.
 */
public final class AlertTracker {

    // Distinct (vendor, host, category) alerts remembered; 100,000 is every host of a large site in two categories.
    // Past it the least recently active alert is forgotten (counted), and a later contact raises it anew.
    public static final int MAX_ALERTS = 100_000;

    // Names and rules listed per alert: enough to show what a host does, small enough for an alert payload. A host
    // cycling through dnl-01..dnl-99 shows the first 16.
    static final int MAX_NAMES = 16;

    // Activity is reported at most this often per alert (packet time): Alertmanager's endsAt moves in minutes, so
    // one report per 10 s of contacts is plenty and keeps the event loop's hand-off to sinks rare.
    static final long ACTIVITY_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    /** What the pipeline should tell the sinks about an event; null fields mean nothing. */
    public record Update(Alert notification, Alert activity) {}

    private record Key(String vendor, String host, Category category) {

        // Written out: a record's own equals and hashCode run through method handles, slow in the interpreter and C1
        // code where a replay spends its first seconds (README, Performance).
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && Objects.equals(host, k.host)
                    && Objects.equals(vendor, k.vendor)
                    && category == k.category;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Objects.hashCode(host) + Objects.hashCode(vendor)) + Objects.hashCode(category);
        }
    }

    private static final class State {
        final String id;
        final Severity matchSeverity;
        final Set<String> names = new LinkedHashSet<>();
        final Set<String> rules = new LinkedHashSet<>();
        long firstSeen;
        long lastSeen;
        long count;
        int revision;
        long lastNotified;
        long lastActivity;
        Outcome outcome = Outcome.UNKNOWN;
        ContactOutcome outcomeDetail;

        State(String id, Severity matchSeverity, long now) {
            this.id = id;
            this.matchSeverity = matchSeverity;
            this.firstSeen = now;
            this.lastSeen = now;
            this.lastNotified = now;
            this.lastActivity = now;
        }
    }

    private final AlertPolicy policy;
    private final long renotifyNanos;
    private final Map<Key, State> alerts;

    /**
     * @param renotify packet time after which an alert whose contacts go on is sent again; a host quiet for this
     *     long starts a new alert with a new id
     * @param onEviction run when the table is full and an alert is forgotten
     */
    public AlertTracker(AlertPolicy policy, Duration renotify, Runnable onEviction) {
        this.policy = policy;
        this.renotifyNanos = renotify.toNanos();
        this.alerts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, State> eldest) {
                if (size() > MAX_ALERTS) {
                    onEviction.run();
                    return true;
                }
                return false;
            }
        };
    }

    /** Alerts remembered. */
    public int size() {
        return alerts.size();
    }

    /**
     * Takes one event (a contact, or the outcome event of a contact) of the client {@code host}.
     *
     * @return what to tell the sinks, or null when the event raises no alert
     */
    public Update onEvent(Event event, String host) {
        Match match = event.match();
        if (match == null || !policy.alerts(match.vendor(), match.phase(), match.category())) {
            return null;
        }
        long now = event.observation().timestampNanos();
        Key key = new Key(match.vendor(), host, match.category());
        State state = alerts.get(key);
        boolean contact = !event.isOutcome();
        if (state == null || (contact && now - state.lastSeen >= renotifyNanos)) {
            state = new State(alertId(key, now), match.severity(), now);
            alerts.put(key, state);
            record(state, event, now);
            if (event.isOutcome()) {
                // An outcome that opens an alert (its contact event was dropped or forgotten) is the alert's outcome.
                state.outcome = event.outcome().outcome();
                state.outcomeDetail = event.outcome();
            }
            return new Update(snapshot(state, event, host, Alert.Reason.NEW), null);
        }
        record(state, event, now);
        if (event.isOutcome() && event.outcome().outcome().worseThan(state.outcome)) {
            state.outcome = event.outcome().outcome();
            state.outcomeDetail = event.outcome();
            return new Update(snapshot(state, event, host, Alert.Reason.OUTCOME), null);
        }
        if (contact && now - state.lastNotified >= renotifyNanos) {
            return new Update(snapshot(state, event, host, Alert.Reason.RENOTIFY), null);
        }
        if (now - state.lastActivity >= ACTIVITY_INTERVAL_NANOS) {
            state.lastActivity = now;
            return new Update(null, snapshot(state, event, host, null));
        }
        return null;
    }

    private static void record(State state, Event event, long now) {
        if (!event.isOutcome()) {
            state.count++;
            addCapped(state.names, event.observation().nameOrServer());
            addCapped(state.rules, event.match().rule());
        }
        state.firstSeen = Math.min(state.firstSeen, now);
        state.lastSeen = Math.max(state.lastSeen, now);
    }

    private static void addCapped(Set<String> set, String value) {
        if (value != null && set.size() < MAX_NAMES) {
            set.add(value);
        }
    }

    /** A notification (reason set: the revision goes up) or an activity report (reason null). */
    private Alert snapshot(State state, Event event, String host, Alert.Reason reason) {
        if (reason != null) {
            state.revision++;
            state.lastNotified =
                    Math.max(state.lastNotified, event.observation().timestampNanos());
            state.lastActivity = state.lastNotified;
        }
        Match match = event.match();
        Instant phaseStart = policy.phaseStart(match.vendor(), match.phase());
        // A transfer after the ban is the most severe thing banwatch can report, whatever the category's severity.
        Severity severity = state.outcome == Outcome.TRANSFERRED ? Severity.CRITICAL : state.matchSeverity;
        return new Alert(
                state.id,
                state.revision,
                reason == null ? Alert.Reason.ACTIVITY : reason,
                event,
                host,
                severity,
                state.firstSeen,
                state.lastSeen,
                state.count,
                List.copyOf(state.names),
                List.copyOf(state.rules),
                state.outcome,
                state.outcomeDetail,
                phaseStart,
                AlertMessage.format(event, host, phaseStart, state.outcomeDetail));
    }

    /** SHA-256 of vendor, host, category and first contact: the same contact replayed gives the same id. */
    private static String alertId(Key k, long firstSeenNanos) {
        String text = k.vendor() + "|" + k.host() + "|" + k.category().label() + "|" + firstSeenNanos;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
