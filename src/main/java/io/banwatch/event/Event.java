package io.banwatch.event;

import io.banwatch.inspect.Observation;
import io.banwatch.match.Match;

/**
 * An observation with the catalog match it produced, if any: the unit that flows through the pipeline to
 * metrics, the store and alerts.
 *
 * @param match null when no catalog rule matched
 */
public record Event(Observation observation, Match match) {

    public boolean matched() {
        return match != null;
    }
}
