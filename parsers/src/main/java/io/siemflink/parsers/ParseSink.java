package io.siemflink.parsers;

import io.siemflink.parsers.event.Event;

/**
 * Receives, in input order, everything a parser makes of its input. Every record read ends in exactly one
 * call: an event, a dead letter or a skip, so that read = events + dead letters + skipped.
 */
public interface ParseSink {
    void event(Event event);

    void deadLetter(DeadLetter deadLetter);

    void skipped(Skip skip);
}
