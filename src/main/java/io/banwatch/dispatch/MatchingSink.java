package io.banwatch.dispatch;

import io.banwatch.event.Event;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.ObservationSink;
import io.banwatch.match.CatalogMatcher;
import io.banwatch.outcome.ContactOutcomes;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Matches each observation against the current catalog on the capture thread and hands the resulting event to the
 * pipeline, then to the outcome follower, if any. The matcher is read through a supplier so that a reloaded catalog takes effect at the next observation.
 */
public final class MatchingSink implements ObservationSink {

    private final Supplier<CatalogMatcher> matcher;
    private final Consumer<Event> handoff;
    private final ContactOutcomes outcomes;

    public MatchingSink(Supplier<CatalogMatcher> matcher, Consumer<Event> handoff) {
        this(matcher, handoff, null);
    }

    /** @param outcomes follows each matched contact to its outcome after handing the contact over; may be null */
    public MatchingSink(Supplier<CatalogMatcher> matcher, Consumer<Event> handoff, ContactOutcomes outcomes) {
        this.matcher = matcher;
        this.handoff = handoff;
        this.outcomes = outcomes;
    }

    /** The outcome follower fed by this sink, or null. */
    public ContactOutcomes outcomes() {
        return outcomes;
    }

    /** The catalog this sink matches with, for choosing among names that resolved to one address. */
    public Supplier<CatalogMatcher> matcher() {
        return matcher;
    }

    @Override
    public void accept(Observation observation) {
        Event event = new Event(observation, matcher.get().match(observation));
        handoff.accept(event);
        if (outcomes != null) {
            outcomes.accept(event);
        }
    }
}
