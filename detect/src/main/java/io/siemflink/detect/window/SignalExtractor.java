package io.siemflink.detect.window;

import java.util.function.Consumer;

/**
 * Picks the events a windowed rule looks at and turns each into a {@link Signal}. Reads the event through a
 * {@link SignalView} shared by the rules of its family ({@link SignalExtraction}).
 */
@FunctionalInterface
public interface SignalExtractor {
    void extract(SignalView event, String rule, Consumer<Signal> out);
}
