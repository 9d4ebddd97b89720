package io.siemflink.detect.window;

import io.siemflink.detect.EventDetector;
import io.siemflink.detect.Finding;
import io.siemflink.parsers.event.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All detections over a bounded input, in memory: what {@code siem detect} and the tests run. Signals are
 * grouped per rule and entity and replayed in {@link Signal#ORDER}, as the Flink job replays them once the
 * watermark passes, so both produce the same findings for the same events. Holds every signal (small records,
 * not events) until {@link #finish()}.
 */
public final class BatchDetector {
    private final EventDetector perEvent;
    private final SignalExtraction extraction;
    private final WindowEvaluator evaluator;
    private final boolean correlate;
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, List<Signal>> signals = new HashMap<>();
    private long events;

    /** @param perEvent the Sigma engine, or null */
    public BatchDetector(EventDetector perEvent, DetectionSettings settings) {
        this(perEvent, settings, BuiltinRules.groups());
    }

    /** @param groups the signal groups to use ({@link BuiltinRules#groups()}; none: every rule on its own) */
    public BatchDetector(EventDetector perEvent, DetectionSettings settings, List<SignalGroup> groups) {
        this.perEvent = perEvent;
        List<WindowRule> all = BuiltinRules.configured(settings);
        this.correlate = all.stream().anyMatch(r -> r.id().equals(BuiltinRules.CORRELATION));
        this.extraction = new SignalExtraction(BuiltinRules.eventRules(settings), groups);
        this.evaluator = new WindowEvaluator(all, groups, settings.maxSignalsPerEntity());
    }

    public void accept(Event e) {
        events++;
        if (perEvent != null) {
            perEvent.evaluate(e, findings::add);
        }
        extraction.extract(e, this::add, ex -> {
            throw ex; // built-in rules do not throw on data: a bug, shown rather than counted
        });
    }

    private void add(Signal s) {
        signals.computeIfAbsent(s.partitionKey(), k -> new ArrayList<>()).add(s);
    }

    public long events() {
        return events;
    }

    /** Every finding: per-event, windowed, then correlated; ordered by end time and id. */
    public List<Finding> finish() {
        replay(signals, findings);
        signals.clear();
        if (correlate) {
            Map<String, List<Signal>> bySource = new HashMap<>();
            for (Finding f : findings) {
                Correlation.signals(f, s -> bySource.computeIfAbsent(s.partitionKey(), k -> new ArrayList<>()).add(s));
            }
            replay(bySource, findings);
        }
        findings.sort(Comparator.<Finding>comparingLong(f -> f.end).thenComparing(f -> f.id));
        return findings;
    }

    private void replay(Map<String, List<Signal>> byKey, List<Finding> out) {
        List<Finding> produced = new ArrayList<>();
        for (List<Signal> list : byKey.values()) {
            list.sort(Signal.ORDER);
            EntityState state = evaluator.newState(list.get(0).rule);
            for (Signal s : list) {
                evaluator.onSignal(state, s, produced::add);
            }
        }
        out.addAll(produced);
    }
}
