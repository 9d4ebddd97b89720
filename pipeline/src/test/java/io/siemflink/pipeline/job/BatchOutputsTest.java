package io.siemflink.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siemflink.parsers.LogType;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import io.siemflink.pipeline.model.ParseOutput;
import io.siemflink.pipeline.model.ParseOutputSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** What the batching hands on, and when: nothing lost, nothing reordered, never held past a watermark or barrier. */
class BatchOutputsTest {
    private static final Duration DELAY = Duration.ofMillis(100);

    private static ParseOutput output(int i) {
        return ParseOutput.of(new Skip(LogType.VPCFLOW, "r" + i, SourceRef.of("test"), i + 1));
    }

    private static OneInputStreamOperatorTestHarness<ParseOutput, List<ParseOutput>> harness(int size) throws Exception {
        var h = new OneInputStreamOperatorTestHarness<>(new BatchOutputs(new BatchOutputs.Settings(size, DELAY)),
                ParseOutputSerializer.INSTANCE);
        h.setup(BatchOutputs.TYPE.createSerializer(new ExecutionConfig()));
        h.setProcessingTime(1_000);
        h.open();
        return h;
    }

    /** The batches handed on so far, as the reasons of their skips. */
    private static List<List<String>> batches(OneInputStreamOperatorTestHarness<ParseOutput, List<ParseOutput>> h) {
        List<List<String>> out = new ArrayList<>();
        for (StreamRecord<? extends List<ParseOutput>> r : h.extractOutputStreamRecords()) {
            out.add(r.getValue().stream().map(o -> o.skip().reason()).toList());
        }
        return out;
    }

    @Test
    void fullBatchesGoOnAtOnceInOrderAndTheRestAtTheEnd() throws Exception {
        try (var h = harness(3)) {
            for (int i = 0; i < 7; i++) {
                h.processElement(new StreamRecord<>(output(i)));
            }
            assertThat(batches(h)).containsExactly(List.of("r0", "r1", "r2"), List.of("r3", "r4", "r5"));
            h.endInput();
            assertThat(batches(h)).containsExactly(List.of("r0", "r1", "r2"), List.of("r3", "r4", "r5"), List.of("r6"));
        }
    }

    @Test
    void aWatermarkPassesOnlyAfterTheRecordsBeforeIt() throws Exception {
        try (var h = harness(100)) {
            h.processElement(new StreamRecord<>(output(0), 5_000));
            h.processElement(new StreamRecord<>(output(1), 7_000));
            h.processElement(new StreamRecord<>(output(2), 6_000));
            h.processWatermark(new Watermark(6_500));
            h.processElement(new StreamRecord<>(output(3), 8_000));
            List<Object> out = new ArrayList<>(h.getOutput());
            assertThat(out).hasSize(2);
            @SuppressWarnings("unchecked")
            StreamRecord<List<ParseOutput>> first = (StreamRecord<List<ParseOutput>>) out.get(0);
            assertThat(first.getValue()).extracting(o -> o.skip().reason()).containsExactly("r0", "r1", "r2");
            assertThat(first.getTimestamp()).as("a batch's time is its latest record's").isEqualTo(7_000);
            assertThat(out.get(1)).isEqualTo(new Watermark(6_500));
        }
    }

    @Test
    void aCheckpointBarrierFindsNothingHeldBack() throws Exception {
        try (var h = harness(100)) {
            h.processElement(new StreamRecord<>(output(0)));
            h.processElement(new StreamRecord<>(output(1)));
            assertThat(batches(h)).isEmpty();
            h.prepareSnapshotPreBarrier(1);
            assertThat(batches(h)).containsExactly(List.of("r0", "r1"));
            h.prepareSnapshotPreBarrier(2);
            assertThat(batches(h)).as("no empty batch").hasSize(1);
        }
    }

    @Test
    void aQuietSourceWaitsAtMostTheDelay() throws Exception {
        try (var h = harness(100)) {
            h.processElement(new StreamRecord<>(output(0)));
            h.setProcessingTime(1_000 + DELAY.toMillis() - 1);
            assertThat(batches(h)).isEmpty();
            h.setProcessingTime(1_000 + DELAY.toMillis());
            assertThat(batches(h)).containsExactly(List.of("r0"));
            // the next record starts a new wait
            h.processElement(new StreamRecord<>(output(1)));
            h.setProcessingTime(1_000 + 2 * DELAY.toMillis());
            assertThat(batches(h)).containsExactly(List.of("r0"), List.of("r1"));
        }
    }

    @Test
    void aTimerLeftFromAFullBatchOnlyFlushesEarly() throws Exception {
        try (var h = harness(2)) {
            h.processElement(new StreamRecord<>(output(0))); // the wait starts: flush at 1,100 at the latest
            h.processElement(new StreamRecord<>(output(1))); // full: on at once, the timer stays
            h.setProcessingTime(1_050);
            h.processElement(new StreamRecord<>(output(2)));
            h.setProcessingTime(1_000 + DELAY.toMillis());
            assertThat(batches(h)).as("the old timer hands on the new record early, never late")
                    .containsExactly(List.of("r0", "r1"), List.of("r2"));
            // and a record after that starts a wait of its own
            h.processElement(new StreamRecord<>(output(3)));
            h.setProcessingTime(1_000 + 2 * DELAY.toMillis() - 1);
            assertThat(batches(h)).hasSize(2);
            h.setProcessingTime(1_000 + 2 * DELAY.toMillis());
            assertThat(batches(h)).hasSize(3);
        }
    }

    @Test
    void idlenessPassesAndRecordsWithoutTimeStayWithout() throws Exception {
        try (var h = harness(100)) {
            h.processElement(new StreamRecord<>(output(0)));
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            assertThat(h.getOutput()).contains(WatermarkStatus.IDLE);
            h.endInput();
            @SuppressWarnings("unchecked")
            StreamRecord<List<ParseOutput>> batch = (StreamRecord<List<ParseOutput>>) h.getOutput().stream()
                    .filter(o -> o instanceof StreamRecord<?>).findFirst().orElseThrow();
            assertThat(batch.hasTimestamp()).isFalse();
        }
    }

    @Test
    void rejectsSizesAndDelaysOutOfRange() {
        assertThatThrownBy(() -> new BatchOutputs.Settings(0, DELAY)).hasMessageContaining("job.batch-size");
        assertThatThrownBy(() -> new BatchOutputs.Settings(BatchOutputs.MAX_SIZE + 1, DELAY))
                .hasMessageContaining("job.batch-size");
        assertThatThrownBy(() -> new BatchOutputs.Settings(1, Duration.ZERO)).hasMessageContaining("job.batch-max-delay");
        assertThatThrownBy(() -> new BatchOutputs.Settings(1, Duration.ofSeconds(11)))
                .hasMessageContaining("job.batch-max-delay");
    }
}
