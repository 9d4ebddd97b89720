package io.siemflink.pipeline.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.detect.Finding;
import io.siemflink.detect.window.BatchDetector;
import io.siemflink.detect.window.BuiltinRules;
import io.siemflink.detect.window.DetectionSettings;
import io.siemflink.detect.window.Signal;
import io.siemflink.detect.window.SignalExtraction;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.Dispatcher;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Parsers;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.testing.TestPaths;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The keyed operator against the batch runner: the scenario's signals, shuffled, through Flink at parallelism 2
 * give exactly the batch runner's findings (ids included). This is the property replays rely on.
 */
public class OrderedWindowsTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    public static List<Event> scenarioEvents() throws Exception {
        Path root = TestPaths.testData().resolve("scenarios/cross-source");
        CollectingSink sink = new CollectingSink();
        Dispatcher d = new Dispatcher(new Parsers(ParserOptions.defaults()), null);
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".gz")).sorted().toList();
        }
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                d.parseObject(in, new SourceRef(f.toString(), root.relativize(f).toString()), sink);
            }
        }
        return sink.events;
    }

    @Test
    void shuffledSignalsThroughFlinkGiveTheBatchFindings() throws Exception {
        DetectionSettings settings = DetectionSettings.defaults();
        List<Event> events = scenarioEvents();
        BatchDetector batch = new BatchDetector(null, settings);
        events.forEach(batch::accept);
        TreeSet<String> expected = new TreeSet<>();
        batch.finish().forEach(f -> expected.add(f.ruleId + " " + f.id));

        List<Signal> signals = new ArrayList<>();
        SignalExtraction extraction = BuiltinRules.extraction(settings); // grouped, as the job extracts
        for (Event e : events) {
            extraction.extract(e, signals::add, ex -> {
                throw ex;
            });
        }
        Collections.shuffle(signals, new Random(7));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.getConfig().disableGenericTypes();
        TypeInformation<Finding> findingType = TypeInformation.of(Finding.class);
        // The whole scenario spans one hour: an out-of-orderness of two hours means no signal is late.
        DataStream<Signal> in = env.fromData(TypeInformation.of(Signal.class), signals.toArray(new Signal[0]))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Signal>forBoundedOutOfOrderness(Duration.ofHours(2))
                        .withTimestampAssigner((s, t) -> s.time));
        DataStream<Finding> windowed = in.keyBy(Signal::partitionKey).process(new OrderedWindows(settings), findingType);
        DataStream<Finding> correlated = windowed
                .flatMap((Finding f, org.apache.flink.util.Collector<Signal> out) ->
                        io.siemflink.detect.window.Correlation.signals(f, out::collect), TypeInformation.of(Signal.class))
                .keyBy(Signal::partitionKey).process(new OrderedWindows(settings), findingType);
        TreeSet<String> actual = new TreeSet<>();
        try (CloseableIterator<Finding> it = windowed.union(correlated).executeAndCollect()) {
            it.forEachRemaining(f -> actual.add(f.ruleId + " " + f.id));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(actual).anyMatch(s -> s.startsWith(BuiltinRules.CORRELATION));
        assertThat(actual).anyMatch(s -> s.startsWith(BuiltinRules.PORT_SCAN)); // a group's state through Flink
    }
}
