package io.siemflink.pipeline.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.detect.Finding;
import io.siemflink.detect.window.BuiltinRules;
import io.siemflink.detect.window.DetectionSettings;
import io.siemflink.detect.window.Signal;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The timers {@link OrderedWindows} keeps for one busy entity, on Flink's operator test harness. */
class OrderedWindowsTimersTest {
    private static Signal egress(long time, long bytes) {
        Signal s = new Signal(BuiltinRules.EGRESS_VOLUME, "10.0.0.5", time, "e-" + time);
        s.ip = s.key;
        s.amount = bytes;
        return s;
    }

    @Test
    void aBusyEntityKeepsOneCleanUpTimerPerMinuteAndItsStateIsStillDropped() throws Exception {
        DetectionSettings settings = DetectionSettings.defaults();
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, Signal, Finding>(
                new KeyedProcessOperator<>(new OrderedWindows(settings)), Signal::partitionKey, Types.STRING)) {
            h.open();
            long t0 = 1_700_000_000_000L;
            // a signal a second for ten minutes, each evaluated as the watermark passes it
            for (int i = 0; i < 600; i++) {
                long t = t0 + i * 1000L;
                h.processElement(egress(t, 1_000_000), t);
                h.processWatermark(t);
            }
            // 15 min window after the last signal: clean-ups due in the next ten minutes of event time, one a minute
            assertThat(h.numEventTimeTimers()).isBetween(10, 12);
            assertThat(h.numKeyedStateEntries()).isPositive();

            // sum 600 MB stays below the 1 GiB threshold: no finding, and the state goes once the window has passed
            h.processWatermark(t0 + 600_000L + BuiltinRules.configured(settings).stream()
                    .filter(r -> r.id().equals(BuiltinRules.EGRESS_VOLUME)).findFirst().orElseThrow().window().toMillis()
                    + OrderedWindows.CLEANUP_GRANULARITY_MS + 1);
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void cleanUpTimesRoundUpToTheMinute() {
        assertThat(OrderedWindows.cleanupTime(120_000)).isEqualTo(120_000);
        assertThat(OrderedWindows.cleanupTime(120_001)).isEqualTo(180_000);
        assertThat(OrderedWindows.cleanupTime(-1)).isEqualTo(0);
        assertThat(OrderedWindows.cleanupTime(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    }
}
