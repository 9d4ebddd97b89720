package io.siemflink.detect.window;

import io.siemflink.parsers.LogType;
import io.siemflink.parsers.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the configured rules' {@link SignalExtractor}s over events: only the rules of an event's log family, all
 * of them over one {@link SignalView}, so each field an event is asked for is read once however many rules want
 * it. The Flink job's per-event operator, the batch runner and the benchmark use this one path.
 *
 * <p>Keeps one view for reuse: one instance per thread.
 */
public final class SignalExtraction {
    private static final WindowRule[] NONE = new WindowRule[0];

    private final WindowRule[][] byFamily = new WindowRule[LogType.values().length][];
    private final SignalView view = new SignalView();

    /** @param rules the configured rules; those that do not read events (the correlation) are left out */
    public SignalExtraction(List<WindowRule> rules) {
        for (LogType t : LogType.values()) {
            List<WindowRule> mine = new ArrayList<>();
            for (WindowRule r : rules) {
                if (r.family().equals(t.id())) {
                    mine.add(r);
                }
            }
            byFamily[t.ordinal()] = mine.toArray(NONE);
        }
    }

    /**
     * The signals of one event, rule by rule. A rule that throws is reported to {@code onError} and the others
     * still run.
     */
    public void extract(Event e, Consumer<Signal> out, Consumer<RuntimeException> onError) {
        WindowRule[] rules = byFamily[e.type().ordinal()];
        if (rules.length == 0) {
            return;
        }
        SignalView v = view.reset(e);
        for (WindowRule r : rules) {
            try {
                r.extractor().extract(v, r.id(), out);
            } catch (RuntimeException ex) {
                onError.accept(ex);
            }
        }
    }
}
