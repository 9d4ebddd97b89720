package io.siemflink.pipeline.model;

import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.event.Event;

/**
 * What a source emits for each record it read: exactly one of an event, a dead letter or a skip, so that
 * "read = indexed + dead-lettered + skipped" holds across the job.
 */
public final class ParseOutput {
    private final Event event;
    private final DeadLetter deadLetter;
    private final Skip skip;

    private ParseOutput(Event event, DeadLetter deadLetter, Skip skip) {
        this.event = event;
        this.deadLetter = deadLetter;
        this.skip = skip;
    }

    public static ParseOutput of(Event e) {
        return new ParseOutput(e, null, null);
    }

    public static ParseOutput of(DeadLetter d) {
        return new ParseOutput(null, d, null);
    }

    public static ParseOutput of(Skip s) {
        return new ParseOutput(null, null, s);
    }

    public Event event() {
        return event;
    }

    public DeadLetter deadLetter() {
        return deadLetter;
    }

    public Skip skip() {
        return skip;
    }

    @Override
    public String toString() {
        return event != null ? "event " + event.id() : deadLetter != null ? "dead letter " + deadLetter.reason() : "skip " + skip.reason();
    }
}
