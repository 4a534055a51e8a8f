package io.banwatch.match;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A vendor's policy phases in time order, the severity of each category in each phase, and which categories raise
 * an alert in which phase. The phase in force at a
 * timestamp is the last one whose start is at or before it, exact to the nanosecond; before the first phase it is
 * {@value #BEFORE_FIRST_PHASE}.
 */
public final class PolicyPhases {

    /** Name of the implicit phase before the first declared one. */
    public static final String BEFORE_FIRST_PHASE = "before_announcement";

    /** Phases checked on every match; a handful is all a policy has, and a linear scan of them is the fastest. */
    static final int MAX_PHASES = 16;

    private final List<Phase> phases;
    private final long[] starts;
    private final String[] names;
    /** severities[phaseIndex + 1][category.ordinal()]; row 0 is {@link #BEFORE_FIRST_PHASE}. */
    private final Severity[][] severities;

    /**
     * The phase from which a vendor's updates and cloud services are banned: contacts in it are counted apart in
     * reports and the host inventory ("contacts after the ban").
     */
    public static final String UPDATES_BANNED = "updates_banned";

    /**
     * The phase in which alerts are raised when a catalog has no {@code alerts} section: update and KSN contacts
     * once updates are banned, which is what the Kaspersky determination prohibits (89 FR 52434).
     */
    public static final String DEFAULT_ALERT_PHASE = UPDATES_BANNED;

    private static final Set<Category> DEFAULT_ALERT_CATEGORIES = EnumSet.of(Category.UPDATE, Category.KSN);

    /** alerting.get(phaseName): the categories that raise an alert in that phase; absent phases raise none. */
    private final Map<String, Set<Category>> alerting;

    /**
     * A policy whose alerts are the default: update and KSN contacts in {@value #DEFAULT_ALERT_PHASE}, if the
     * vendor declares that phase.
     */
    public PolicyPhases(List<Phase> phases, Map<String, Map<Category, Severity>> severities) {
        this(phases, severities, defaultAlerts(phases));
    }

    private static Map<String, Set<Category>> defaultAlerts(List<Phase> phases) {
        for (Phase phase : phases) {
            if (phase.name().equals(DEFAULT_ALERT_PHASE)) {
                return Map.of(DEFAULT_ALERT_PHASE, DEFAULT_ALERT_CATEGORIES);
            }
        }
        return Map.of();
    }

    /**
     * @param phases in strictly increasing start order, at most {@link #MAX_PHASES}
     * @param severities for {@link #BEFORE_FIRST_PHASE} and every phase name, a severity for every category
     * @param alerting per phase name, the categories whose matches raise an alert; phases left out raise none
     */
    public PolicyPhases(
            List<Phase> phases, Map<String, Map<Category, Severity>> severities, Map<String, Set<Category>> alerting) {
        if (phases.size() > MAX_PHASES) {
            throw new IllegalArgumentException("more than " + MAX_PHASES + " phases");
        }
        this.phases = List.copyOf(phases);
        this.starts = new long[phases.size()];
        this.names = new String[phases.size() + 1];
        this.severities = new Severity[phases.size() + 1][];
        names[0] = BEFORE_FIRST_PHASE;
        for (int i = 0; i < phases.size(); i++) {
            if (i > 0 && phases.get(i).startNanos() <= starts[i - 1]) {
                throw new IllegalArgumentException("phases are not in strictly increasing time order");
            }
            starts[i] = phases.get(i).startNanos();
            names[i + 1] = phases.get(i).name();
        }
        for (int row = 0; row < names.length; row++) {
            this.severities[row] = row(names[row], severities.get(names[row]));
        }
        Map<String, Set<Category>> copy = new java.util.LinkedHashMap<>();
        alerting.forEach((phase, categories) -> {
            if (!List.of(names).contains(phase)) {
                throw new IllegalArgumentException("alerts for undeclared phase " + phase);
            }
            copy.put(phase, categories.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(categories)));
        });
        this.alerting = Collections.unmodifiableMap(copy);
    }

    /** True when a match of {@code category} in the phase named {@code phase} raises an alert. */
    public boolean alerts(String phase, Category category) {
        Set<Category> categories = alerting.get(phase);
        return categories != null && categories.contains(category);
    }

    /** Per phase name, the categories that raise an alert; phases that raise none are absent. */
    public Map<String, Set<Category>> alertTable() {
        return alerting;
    }

    /** Start of the phase named {@code phase} in nanoseconds since the epoch, or null when not declared. */
    public Long startNanosOf(String phase) {
        for (Phase p : phases) {
            if (p.name().equals(phase)) {
                return p.startNanos();
            }
        }
        return null;
    }

    private static Severity[] row(String phase, Map<Category, Severity> bySeverity) {
        if (bySeverity == null) {
            throw new IllegalArgumentException("no severities for phase " + phase);
        }
        Severity[] row = new Severity[Category.values().length];
        for (Category category : Category.values()) {
            Severity severity = bySeverity.get(category);
            if (severity == null) {
                throw new IllegalArgumentException("no severity for " + phase + "." + category.label());
            }
            row[category.ordinal()] = severity;
        }
        return row;
    }

    /** The declared phases in time order. */
    public List<Phase> phases() {
        return phases;
    }

    /** Index of the phase in force at {@code timestampNanos}: -1 before the first phase, else 0..phases-1. */
    public int phaseIndexAt(long timestampNanos) {
        for (int i = starts.length - 1; i >= 0; i--) {
            if (timestampNanos >= starts[i]) {
                return i;
            }
        }
        return -1;
    }

    /** Name of the phase in force at {@code timestampNanos}. */
    public String phaseNameAt(long timestampNanos) {
        return names[phaseIndexAt(timestampNanos) + 1];
    }

    /** Severity of {@code category} at {@code timestampNanos}. */
    public Severity severityAt(long timestampNanos, Category category) {
        return severities[phaseIndexAt(timestampNanos) + 1][category.ordinal()];
    }

    /** Name of the phase with index {@code phaseIndex} (-1 for {@link #BEFORE_FIRST_PHASE}). */
    public String phaseName(int phaseIndex) {
        return names[phaseIndex + 1];
    }

    /** Severity of {@code category} in the phase with index {@code phaseIndex} (-1 before the first). */
    public Severity severity(int phaseIndex, Category category) {
        return severities[phaseIndex + 1][category.ordinal()];
    }

    /** The severity table by phase name, including {@link #BEFORE_FIRST_PHASE}, for display. */
    public Map<String, Map<Category, Severity>> severityTable() {
        Map<String, Map<Category, Severity>> table = new java.util.LinkedHashMap<>();
        for (int row = 0; row < names.length; row++) {
            Map<Category, Severity> bySeverity = new EnumMap<>(Category.class);
            for (Category category : Category.values()) {
                bySeverity.put(category, severities[row][category.ordinal()]);
            }
            table.put(names[row], java.util.Collections.unmodifiableMap(bySeverity));
        }
        return java.util.Collections.unmodifiableMap(table);
    }
}
