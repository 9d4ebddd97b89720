package io.siemflink.detect.window;

import static io.siemflink.detect.window.Logs.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.detect.FindingJson;
import io.siemflink.parsers.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rules of a {@link SignalGroup} give the same findings from the group's signals as from their own: the
 * grouped path (what the job and {@code siem detect} run) against each rule's own extractor, finding for finding,
 * over random traffic with scans, sweeps and bursts in it.
 */
class SignalGroupTest {
    private static final String[] ACTIONS = {"REJECT", "REJECT", "ACCEPT"};

    /** Flows over two hours: scanners, sweepers and noisy clients among external sources, internal traffic too. */
    private static List<Event> traffic(long seed, int n) {
        Random r = new Random(seed);
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long second = r.nextInt(7200);
            boolean internalSource = r.nextInt(8) == 0;
            String src = internalSource ? "10.0.9." + r.nextInt(4) : "198.51.100." + r.nextInt(12);
            String dst = r.nextInt(10) == 0 ? "203.0.113." + r.nextInt(3) : "10.0.1." + r.nextInt(r.nextBoolean() ? 3 : 40);
            int port = r.nextBoolean() ? 22 + r.nextInt(3) : 1 + r.nextInt(2000);
            int protocol = r.nextInt(6) == 0 ? 17 : 6;
            out.add(flow(second, src, dst, port, protocol, ACTIONS[r.nextInt(ACTIONS.length)], 1 + r.nextInt(6),
                    40 + r.nextInt(5000)));
        }
        return out;
    }

    private static List<String> findings(List<Event> events, DetectionSettings settings, List<SignalGroup> groups) {
        BatchDetector d = new BatchDetector(null, settings, groups);
        events.forEach(d::accept);
        return d.finish().stream().map(FindingJson::toJsonString).toList();
    }

    private static DetectionSettings lowThresholds(int maxSignals, Map<String, DetectionSettings.RuleOverride> more) {
        Map<String, DetectionSettings.RuleOverride> o = new HashMap<>(more);
        o.putIfAbsent(BuiltinRules.PORT_SCAN, new DetectionSettings.RuleOverride(4L, null, null));
        o.putIfAbsent(BuiltinRules.HOST_SWEEP, new DetectionSettings.RuleOverride(5L, Duration.ofMinutes(10), null));
        o.putIfAbsent(BuiltinRules.REJECT_BURST, new DetectionSettings.RuleOverride(12L, Duration.ofMinutes(3), null));
        return new DetectionSettings(o, maxSignals, DetectionSettings.DEFAULT_OUT_OF_ORDERNESS);
    }

    @Test
    void groupedFindingsEqualEachRuleOnItsOwn() {
        List<Event> events = traffic(1, 6000);
        DetectionSettings settings = lowThresholds(DetectionSettings.DEFAULT_MAX_SIGNALS, Map.of());
        List<String> grouped = findings(events, settings, BuiltinRules.groups());
        assertThat(grouped).isEqualTo(findings(events, settings, List.of()));
        // every member fired, several times, so the comparison covers them all
        for (String rule : List.of(BuiltinRules.PORT_SCAN, BuiltinRules.HOST_SWEEP, BuiltinRules.REJECT_BURST)) {
            assertThat(grouped.stream().filter(f -> f.contains("\"id\":\"" + rule + "\"")).count()).as(rule)
                    .isGreaterThan(3);
        }
    }

    @Test
    void equalWithAFullWindowAndWithAMemberDisabled() {
        List<Event> events = traffic(2, 5000);
        DetectionSettings small = lowThresholds(16, Map.of());
        assertThat(findings(events, small, BuiltinRules.groups())).isEqualTo(findings(events, small, List.of()));
        DetectionSettings noScan = lowThresholds(DetectionSettings.DEFAULT_MAX_SIGNALS,
                Map.of(BuiltinRules.PORT_SCAN, new DetectionSettings.RuleOverride(null, null, false)));
        List<String> grouped = findings(events, noScan, BuiltinRules.groups());
        assertThat(grouped).isEqualTo(findings(events, noScan, List.of()));
        assertThat(grouped).noneMatch(f -> f.contains(BuiltinRules.PORT_SCAN)).isNotEmpty();
    }

    @Test
    void aSweepKeepsAPartUntilItsWholeWindowHasPassed() {
        List<Event> events = new ArrayList<>();
        events.add(flow(0, "198.51.100.7", "10.0.1.3", 80, "REJECT", 40)); // the group's first sweep is due 5 min on
        for (int port = 1; port <= 14; port++) {
            events.add(flow(9 + port, "198.51.100.7", "10.0.1.5", port, "REJECT", 40)); // 10 s to 23 s
        }
        events.add(flow(300, "198.51.100.7", "10.0.1.4", 80, "REJECT", 40)); // sweep: 10.0.1.5's part is 277 s old
        events.add(flow(305, "198.51.100.7", "10.0.1.5", 15, "REJECT", 40)); // the 15th port within 5 min
        // without the host sweep's part per port the parts never double, so the sweep at 300 s is the timed one
        DetectionSettings settings = new DetectionSettings(Map.of(BuiltinRules.HOST_SWEEP,
                new DetectionSettings.RuleOverride(null, null, false)), DetectionSettings.DEFAULT_MAX_SIGNALS,
                DetectionSettings.DEFAULT_OUT_OF_ORDERNESS);
        List<String> grouped = findings(events, settings, BuiltinRules.groups());
        assertThat(grouped).isEqualTo(findings(events, settings, List.of()));
        assertThat(grouped).singleElement().satisfies(f -> assertThat(f).contains(BuiltinRules.PORT_SCAN));
    }

    @Test
    void oneSignalPerFlowForAllThreeRules() {
        SignalExtraction grouped = BuiltinRules.extraction(DetectionSettings.defaults());
        List<Signal> out = new ArrayList<>();
        grouped.extract(flow(0, "198.51.100.7", "10.0.1.5", 22, "REJECT", 40), out::add, e -> {
            throw e;
        });
        assertThat(out).singleElement().satisfies(s -> {
            assertThat(s.rule).isEqualTo(BuiltinRules.EXTERNAL_SOURCE);
            assertThat(s.key).isEqualTo("198.51.100.7");
            assertThat(s.flags).isEqualTo(BuiltinRules.REJECTED | BuiltinRules.ATTEMPT);
        });
        out.clear();
        // a short accepted TCP flow is an attempt, not a rejection; a long one neither; an internal source no signal
        grouped.extract(flow(0, "198.51.100.7", "10.0.1.5", 22, 6, "ACCEPT", 2, 120), out::add, e -> {
            throw e;
        });
        grouped.extract(flow(0, "198.51.100.7", "10.0.1.5", 22, 6, "ACCEPT", 40, 9000), out::add, e -> {
            throw e;
        });
        grouped.extract(flow(0, "10.0.9.1", "10.0.1.5", 22, "REJECT", 40), out::add, e -> {
            throw e;
        });
        assertThat(out).singleElement().satisfies(s -> assertThat(s.flags).isEqualTo(BuiltinRules.ATTEMPT));
        // with the scan rules disabled, an attempt that is not a rejection gives no signal at all
        SignalExtraction burstOnly = BuiltinRules.extraction(new DetectionSettings(Map.of(
                BuiltinRules.PORT_SCAN, new DetectionSettings.RuleOverride(null, null, false),
                BuiltinRules.HOST_SWEEP, new DetectionSettings.RuleOverride(null, null, false)),
                DetectionSettings.DEFAULT_MAX_SIGNALS, DetectionSettings.DEFAULT_OUT_OF_ORDERNESS));
        out.clear();
        burstOnly.extract(flow(0, "198.51.100.7", "10.0.1.5", 22, 6, "ACCEPT", 2, 120), out::add, e -> {
            throw e;
        });
        burstOnly.extract(flow(0, "198.51.100.7", "10.0.1.5", 22, "REJECT", 40), out::add, e -> {
            throw e;
        });
        assertThat(out).singleElement().satisfies(s -> assertThat(s.flags).isEqualTo(BuiltinRules.REJECTED));
    }

    @Test
    void partsWhoseWindowPassedAreDropped() {
        WindowEvaluator evaluator = BuiltinRules.evaluator(DetectionSettings.defaults());
        GroupWindow g = new GroupWindow();
        int peak = 0;
        // one source sweeping a new host every 10 s for 10 hours: a port-scan part per host, each passing after 5 min
        for (int i = 0; i < 3600; i++) {
            Signal s = new Signal(BuiltinRules.EXTERNAL_SOURCE, "198.51.100.7", i * 10_000L, "e" + i);
            s.ip = s.key;
            s.value = "10.0." + (i / 250) + "." + (i % 250);
            s.amount = 22;
            s.flags = BuiltinRules.ATTEMPT | BuiltinRules.REJECTED;
            evaluator.onSignal(g, s, f -> { });
            peak = Math.max(peak, g.size());
        }
        // 30 hosts within 5 min plus the sweep part and the burst part; parts are dropped once they have doubled
        assertThat(peak).isLessThanOrEqualTo(2 * (30 + 2) + 1);
        assertThat(g.find("198.51.100.7->10.0.0.0")).isNull();
        assertThat(g.find("198.51.100.7->10.0.14.99")).isNotNull(); // the last host
        assertThat(g.find("198.51.100.7->*:22")).isNotNull();
    }

    @Test
    void theStateShrinksAfterABurstOfParts() {
        WindowEvaluator evaluator = BuiltinRules.evaluator(DetectionSettings.defaults());
        GroupWindow g = new GroupWindow();
        for (int i = 0; i < 2000; i++) { // 1,000 hosts in 20 s, then one every 3.6 s for an hour
            long t = i < 1000 ? i * 20L : 20_000 + (i - 1000) * 3_600L;
            Signal s = new Signal(BuiltinRules.EXTERNAL_SOURCE, "198.51.100.7", t, "e" + i);
            s.ip = s.key;
            s.value = "10.1." + (i / 250) + "." + (i % 250);
            s.amount = 443;
            s.flags = BuiltinRules.ATTEMPT;
            evaluator.onSignal(g, s, f -> { });
        }
        assertThat(g.size()).isLessThanOrEqualTo(2 * (84 + 1) + 1); // 5 min of one host per 3.6 s, and the sweep part
        assertThat(g.parts.length).isLessThan(1024);
        assertThat(g.find("198.51.100.7->10.1.7.249")).isNotNull(); // the last host
        assertThat(g.find("198.51.100.7->10.1.0.0")).isNull();
    }
}
