package io.siemflink.parsers;

import io.siemflink.parsers.event.Event;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything a parser emits, for tests and small inputs. */
public final class CollectingSink implements ParseSink {
    public final List<Event> events = new ArrayList<>();
    public final List<DeadLetter> deadLetters = new ArrayList<>();
    public final List<Skip> skips = new ArrayList<>();

    @Override
    public void event(Event event) {
        events.add(event);
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
    }

    @Override
    public void skipped(Skip skip) {
        skips.add(skip);
    }

    public int total() {
        return events.size() + deadLetters.size() + skips.size();
    }
}
