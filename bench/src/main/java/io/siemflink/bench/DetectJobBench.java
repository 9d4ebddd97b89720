package io.siemflink.bench;

import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Parsers;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Timestamp;
import io.siemflink.pipeline.config.DetectConfig;
import io.siemflink.pipeline.detect.DetectionGraph;
import io.siemflink.pipeline.job.BatchOutputs;
import io.siemflink.pipeline.job.SiemJob;
import io.siemflink.pipeline.model.ParseOutput;
import io.siemflink.pipeline.model.ParseOutputTypeInfo;
import io.siemflink.pipeline.sink.IndexNames;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * {@code siem bench detect-job}: the job's detection graph ({@link DetectionGraph}: event time, Sigma and signal
 * extraction, the keyed windows, correlation, findings to index actions) on a MiniCluster, fed the benchmark's
 * sample events again and again, each pass later in event time (parsed once per task, not enriched), and writing
 * to a discarding sink. What
 * detection costs in the job, per-record hand-overs, copies, shuffles and keyed state included, which the
 * one-thread {@code chain} figures leave out. Streaming mode (watermarks, timers), as the job runs.
 */
final class DetectJobBench {
    private DetectJobBench() {
    }

    static int run(Map<String, String> o, List<LogType> types) throws Exception {
        long events = Long.parseLong(o.getOrDefault("events", o.containsKey("quick") ? "200000" : "2000000"));
        int parallelism = Integer.parseInt(o.getOrDefault("parallelism", "1"));
        System.out.println("detection graph on a MiniCluster, parallelism " + parallelism + ", " + events
                + " events per type (sample events repeated, not enriched; wall time incl. job start)");
        com.sun.management.OperatingSystemMXBean cpu =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (LogType t : types) {
            EnrichBench b = new EnrichBench();
            b.type = t.id();
            b.setup();
            byte[] data = b.data;
            b.tearDown();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(parallelism);
            SiemJob.execution(env.getConfig());
            DataStream<List<ParseOutput>> in = BatchOutputs.of(env.fromSequence(0, events - 1)
                    .map(new Replay(t, data), ParseOutputTypeInfo.INSTANCE).name("sample-events"), "sample-events",
                    BatchOutputs.Settings.DEFAULTS);
            DetectionGraph.attach(List.of(in), DetectConfig.defaults(), IndexNames.daily(), new DiscardingSink<>(), false);
            long t0 = System.nanoTime();
            long cpu0 = cpu.getProcessCpuTime();
            env.execute("bench detect-job " + t.id());
            double s = (System.nanoTime() - t0) / 1e9;
            // CPU time of the whole JVM (every task thread, GC, the MiniCluster): what the job costs when other
            // work competes for the cores, which wall time at low parallelism hides (tasks overlap on idle cores)
            double cpuUs = (cpu.getProcessCpuTime() - cpu0) / 1e3 / events;
            System.out.printf(Locale.ROOT, "%-12s %,12.0f events/s  (%.1f s)  %.2f us CPU per event%n", t.id(),
                    events / s, s, cpuUs);
        }
        return 0;
    }

    /**
     * The i-th event of the sample, parsed once per task; each pass over the sample moved later by the sample's
     * span, so that event time keeps rising as in a live stream (replayed with their own times, all but the first
     * pass would be late, and every window would be evaluated in one flush at the end).
     */
    private static final class Replay extends RichMapFunction<Long, ParseOutput> {
        private final LogType type;
        private final byte[] data;
        private transient List<Event> sample;
        private transient long span;

        Replay(LogType type, byte[] data) {
            this.type = type;
            this.data = data;
        }

        @Override
        public void open(OpenContext ctx) throws IOException {
            List<Event> out = new ArrayList<>();
            new Parsers(ParserOptions.defaults()).get(type).parse(new ByteArrayInputStream(data), SourceRef.of("bench"),
                    new ParseSink() {
                        @Override
                        public void event(Event e) {
                            out.add(e);
                        }

                        @Override
                        public void deadLetter(DeadLetter d) {
                            throw new IllegalStateException("the benchmark sample has a bad record: " + d);
                        }

                        @Override
                        public void skipped(Skip s) {
                        }
                    });
            sample = out;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (Event e : out) {
                long t = e.timestamp().toEpochMilli();
                min = Math.min(min, t);
                max = Math.max(max, t);
            }
            span = max - min + 1000;
        }

        @Override
        public ParseOutput map(Long i) {
            Event e = sample.get((int) (i % sample.size()));
            long pass = i / sample.size();
            if (pass > 0) {
                e = e.copy();
                e.put(Event.TIMESTAMP, Timestamp.ofEpochMilli(e.timestamp().toEpochMilli() + pass * span));
            }
            return ParseOutput.of(e);
        }
    }
}
