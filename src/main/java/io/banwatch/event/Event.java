package io.banwatch.event;

import io.banwatch.inspect.Observation;
import io.banwatch.match.Match;

/**
 * An observation with the catalog match it produced, if any: the unit that flows through the pipeline to
 * metrics, the store and alerts.
 *
 * @param match null when no catalog rule matched
 * @param outcome null for a contact as it is seen; set on the outcome event that reports what became of a matched
 *     contact (the contact's observation and match, plus the outcome)
 */
public record Event(Observation observation, Match match, ContactOutcome outcome) {

    /** A contact as it is seen: no outcome yet. */
    public Event(Observation observation, Match match) {
        this(observation, match, null);
    }

    /** True for the event that reports a matched contact's outcome. */
    public boolean isOutcome() {
        return outcome != null;
    }

    public boolean matched() {
        return match != null;
    }
}
