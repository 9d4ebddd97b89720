package io.siemflink.pipeline.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.vpcflow.VpcFlowParser;
import io.siemflink.pipeline.model.ParseOutput;
import io.siemflink.parsers.testing.TestPaths;
import io.siemflink.pipeline.config.DetectConfig;
import io.siemflink.pipeline.config.SourceConfig;
import io.siemflink.pipeline.job.JobSource;
import io.siemflink.pipeline.job.SiemJob;
import io.siemflink.pipeline.job.Sources;
import io.siemflink.pipeline.sink.IndexNames;
import io.siemflink.pipeline.source.objects.LocalObjectStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/** Event time of a batch of source outputs: its events' time, never the time the source stamped on the record. */
class DetectionGraphTest {
    /** A Kinesis record's arrival, an hour after the flows ended. */
    private static final long ARRIVAL = 1_717_243_200_000L;

    private static ParseOutput flow(long endSeconds) throws Exception {
        CollectingSink sink = new CollectingSink();
        String line = "2 123456789012 eni-0a1b2c3d 10.0.0.5 10.0.0.9 40000 443 6 10 840 " + (endSeconds - 60) + " "
                + endSeconds + " ACCEPT OK\n";
        new VpcFlowParser(ParserOptions.defaults()).parse(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)),
                SourceRef.of("test"), sink);
        assertThat(sink.events).hasSize(1);
        return ParseOutput.of(sink.events.get(0));
    }

    @Test
    void aBatchIsAsLateAsItsLatestEventWhateverItArrivedWith() throws Exception {
        List<ParseOutput> batch = List.of(flow(1_717_236_060L), flow(1_717_236_120L), flow(1_717_236_000L),
                ParseOutput.of(new Skip(LogType.VPCFLOW, "header", SourceRef.of("test"), 1)));
        assertThat(DetectionGraph.batchTime(batch, ARRIVAL)).isEqualTo(1_717_236_120_000L);
        assertThat(DetectionGraph.batchTime(batch, Long.MIN_VALUE)).isEqualTo(1_717_236_120_000L);
    }

    @Test
    void eachSourceRunsDetectionInItsOwnChain() {
        // two sources: detection must stay chained to each (a union before it would ship every event over the network)
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SiemJob.Settings s = new SiemJob.Settings(Duration.ofSeconds(1), 2, IndexNames.daily());
        SiemJob.configure(env, s);
        List<JobSource> sources = List.of("alpha", "beta").stream().map(n -> Sources.objects(new LocalObjectStore(),
                SourceConfig.parse(n, TestPaths.testData().resolve("bucket").toString()), ParserOptions.defaults(), 1L << 30))
                .toList();
        List<DataStream<List<ParseOutput>>> events = SiemJob.build(env, sources, DiscardingSink::new, s, true);
        DetectionGraph.attach(events, DetectConfig.defaults(), IndexNames.daily(), new DiscardingSink<>(), false);
        List<String> vertices = new ArrayList<>();
        env.getStreamGraph().getJobGraph().getVertices().forEach(v -> vertices.add(v.getName()));
        for (String source : List.of("alpha", "beta")) {
            assertThat(vertices).as("a task with source %s and per-event detection", source)
                    .anySatisfy(v -> assertThat(v).contains("Source: source-" + source).contains("detect-per-event")
                            .contains("finding-actions"));
        }
    }

    @Test
    void withoutAnyEventTimeTheRecordsOwnTimeStands() {
        List<ParseOutput> skips = List.of(ParseOutput.of(new Skip(LogType.VPCFLOW, "header", SourceRef.of("test"), 1)));
        assertThat(DetectionGraph.batchTime(skips, ARRIVAL)).isEqualTo(ARRIVAL);
    }
}
