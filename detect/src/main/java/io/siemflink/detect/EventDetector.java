package io.siemflink.detect;

import io.siemflink.parsers.event.Event;
import java.util.function.Consumer;

/**
 * A detection that looks at one event at a time and keeps no state (Sigma rules, single-event built-ins).
 * Implementations never throw for one event: a rule that cannot evaluate an event does not match it.
 */
public interface EventDetector {
    void evaluate(Event event, Consumer<Finding> out);
}
