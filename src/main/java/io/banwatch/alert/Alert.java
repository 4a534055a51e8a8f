package io.banwatch.alert;

import io.banwatch.event.Event;
import io.banwatch.match.Category;
import io.banwatch.match.Severity;
import java.util.Objects;

/**
 * One raised alert: the matched event that triggered it, the client host it is about, and a sentence for people.
 *
 * @param host the client's address: the event's source, or the destination of a DNS answer
 */
public record Alert(Event event, String host, String message) {

    public Alert {
        Objects.requireNonNull(event.match(), "an alert needs a matched event");
    }

    public String vendor() {
        return event.match().vendor();
    }

    public Category category() {
        return event.match().category();
    }

    public Severity severity() {
        return event.match().severity();
    }
}
