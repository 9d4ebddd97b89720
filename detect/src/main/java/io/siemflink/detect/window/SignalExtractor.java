package io.siemflink.detect.window;

import io.siemflink.parsers.event.Event;
import java.util.function.Consumer;

/** Picks the events a windowed rule looks at and turns each into a {@link Signal}. */
@FunctionalInterface
public interface SignalExtractor {
    void extract(Event event, String rule, Consumer<Signal> out);
}
