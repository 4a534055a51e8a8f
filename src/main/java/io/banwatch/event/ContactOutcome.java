package io.banwatch.event;

import java.util.Objects;

/**
 * The outcome of one matched contact, carried by the outcome event that follows the contact's own event.
 *
 * @param reason null when the outcome is {@link Outcome#UNKNOWN}
 * @param destinationBytes bytes the server sent on the connection as far as the tap can tell (ECS
 *     {@code destination.bytes}), or -1 when not known
 * @param sourceBytes bytes the client sent (ECS {@code source.bytes}), or -1 when not known
 */
public record ContactOutcome(Outcome outcome, OutcomeReason reason, long destinationBytes, long sourceBytes) {

    public ContactOutcome {
        Objects.requireNonNull(outcome, "outcome");
    }
}
