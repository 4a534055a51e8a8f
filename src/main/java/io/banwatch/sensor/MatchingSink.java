package io.banwatch.sensor;

import io.banwatch.event.Event;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.ObservationSink;
import io.banwatch.match.CatalogMatcher;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Matches each observation against the current catalog on the capture thread and hands the resulting event to the
 * pipeline. The matcher is read through a supplier so that a reloaded catalog takes effect at the next observation.
 */
public final class MatchingSink implements ObservationSink {

    private final Supplier<CatalogMatcher> matcher;
    private final Consumer<Event> handoff;

    public MatchingSink(Supplier<CatalogMatcher> matcher, Consumer<Event> handoff) {
        this.matcher = matcher;
        this.handoff = handoff;
    }

    /** The catalog this sink matches with, for choosing among names that resolved to one address. */
    public Supplier<CatalogMatcher> matcher() {
        return matcher;
    }

    @Override
    public void accept(Observation observation) {
        handoff.accept(new Event(observation, matcher.get().match(observation)));
    }
}
