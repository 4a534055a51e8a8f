package io.banwatch.event;

/**
 * What became of a matched contact, as far as a tap can tell: {@code banwatch.outcome}. Ordered from least to most
 * severe, so an alert can be updated when a contact's outcome gets worse.
 */
public enum Outcome {
    /** Not known yet, or the tap did not see enough of the reply to tell. */
    UNKNOWN("unknown", "unknown"),
    /** The contact was refused: a DNS error or sinkhole answer, a reset, an ICMP unreachable, or no reply. */
    BLOCKED("blocked", "failure"),
    /** The server answered, but sent less than {@code outcomes.transfer_bytes}. */
    CONNECTED("connected", "success"),
    /** The server sent at least {@code outcomes.transfer_bytes}: an update or a KSN answer stream arrived. */
    TRANSFERRED("transferred", "success");

    // values() copies its array on every call; the store folds each event's labels through fromLabel.
    private static final Outcome[] ALL = values();

    private final String label;
    private final String ecsOutcome;

    Outcome(String label, String ecsOutcome) {
        this.label = label;
        this.ecsOutcome = ecsOutcome;
    }

    /** The {@code banwatch.outcome} value and metric label. */
    public String label() {
        return label;
    }

    /** ECS {@code event.outcome}: {@code failure}, {@code success} or {@code unknown}. */
    public String ecsOutcome() {
        return ecsOutcome;
    }

    /** True when this outcome is worse (more got through) than {@code other}. */
    public boolean worseThan(Outcome other) {
        return compareTo(other) > 0;
    }

    public static Outcome fromLabel(String label) {
        for (Outcome outcome : ALL) {
            if (outcome.label.equals(label)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("unknown outcome: " + label);
    }
}
