package io.banwatch.outcome;

import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Event;

/** Receives each followed contact's outcome once, on the capture thread. */
@FunctionalInterface
interface OutcomeSink {

    void decided(Event contact, ContactOutcome outcome);
}
