package io.siemflink.pipeline.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.vpcflow.VpcFlowParser;
import io.siemflink.pipeline.model.ParseOutput;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
    void withoutAnyEventTimeTheRecordsOwnTimeStands() {
        List<ParseOutput> skips = List.of(ParseOutput.of(new Skip(LogType.VPCFLOW, "header", SourceRef.of("test"), 1)));
        assertThat(DetectionGraph.batchTime(skips, ARRIVAL)).isEqualTo(ARRIVAL);
    }
}
