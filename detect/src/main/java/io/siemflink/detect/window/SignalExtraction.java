package io.siemflink.detect.window;

import io.siemflink.parsers.LogType;
import io.siemflink.parsers.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs the configured rules' {@link SignalExtractor}s over events: only the rules of an event's log family, all
 * of them over one {@link SignalView}, so each field an event is asked for is read once however many rules want
 * it. The rules of a {@link SignalGroup} are served by the group's extractor (one signal for all of them) instead
 * of their own. The Flink job's per-event operator, the batch runner and the benchmark use this one path.
 *
 * <p>Keeps one view for reuse: one instance per thread.
 */
public final class SignalExtraction {
    /** A rule's extractor or a group's, with the signals' rule (or group) id. */
    private record Step(String id, SignalExtractor extractor, int mask) {
    }

    private static final Step[] NONE = new Step[0];

    private final Step[][] byFamily = new Step[LogType.values().length][];
    private final SignalView view = new SignalView();
    /** A group's signals pass through this, made once, with the group's mask and the caller's consumer. */
    private final Consumer<Signal> masked = this::masked;
    private Consumer<Signal> maskedOut;
    private int mask;

    private void masked(Signal s) {
        s.flags &= mask;
        if (s.flags != 0) {
            maskedOut.accept(s);
        }
    }

    /** Each rule on its own; those that do not read events (the correlation) are left out. */
    public SignalExtraction(List<WindowRule> rules) {
        this(rules, List.of());
    }

    /**
     * @param rules  the configured rules; those that do not read events (the correlation) are left out
     * @param groups groups whose members among {@code rules} get the group's signals instead of their own
     */
    public SignalExtraction(List<WindowRule> rules, List<SignalGroup> groups) {
        Set<String> ids = rules.stream().map(WindowRule::id).collect(Collectors.toSet());
        Set<String> grouped = new java.util.HashSet<>();
        for (LogType t : LogType.values()) {
            List<Step> mine = new ArrayList<>();
            for (SignalGroup g : groups) {
                int mask = g.mask(ids);
                if (g.family().equals(t.id()) && mask != 0) {
                    mine.add(new Step(g.id(), g.extractor(), mask));
                    g.members().forEach(m -> grouped.add(m.rule()));
                }
            }
            for (WindowRule r : rules) {
                if (r.family().equals(t.id()) && !grouped.contains(r.id())) {
                    mine.add(new Step(r.id(), r.extractor(), -1));
                }
            }
            byFamily[t.ordinal()] = mine.toArray(NONE);
        }
    }

    /**
     * The signals of one event, rule by rule. A rule that throws is reported to {@code onError} and the others
     * still run. A group's signal for members that are not configured is not passed on.
     */
    public void extract(Event e, Consumer<Signal> out, Consumer<RuntimeException> onError) {
        Step[] steps = byFamily[e.type().ordinal()];
        if (steps.length == 0) {
            return;
        }
        SignalView v = view.reset(e);
        for (Step step : steps) {
            try {
                if (step.mask == -1) {
                    step.extractor.extract(v, step.id, out);
                } else {
                    maskedOut = out;
                    mask = step.mask;
                    step.extractor.extract(v, step.id, masked);
                }
            } catch (RuntimeException ex) {
                onError.accept(ex);
            }
        }
    }
}
