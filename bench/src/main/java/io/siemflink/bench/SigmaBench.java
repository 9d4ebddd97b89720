package io.siemflink.bench;

import io.siemflink.detect.Finding;
import io.siemflink.detect.sigma.SigmaEngine;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.LogParser;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Parsers;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of Sigma rule evaluation, with every shipped rule, over generated samples of one family:
 * {@code sigmaOnly} evaluates already parsed events (ns/event); {@code parseOnly} and {@code parseAndSigma}
 * parse and serialise a delivered file without and with rule evaluation (records/s), so their ratio is what
 * detection leaves of the parse throughput.
 */
@State(Scope.Thread)
public class SigmaBench {
    static final int RECORDS = 20_000;

    @Param({"cloudtrail", "elb", "vpcflow"})
    public String family;

    private byte[] file;
    private LogParser parser;
    private Event[] events;
    private final SigmaEngine engine = SigmaEngine.bundled();
    private final SerializingSink sink = new SerializingSink();
    private final DetectingSink detecting = new DetectingSink();
    private Blackhole hole;
    private final Consumer<Finding> consume = f -> hole.consume(f);

    @Setup
    public void setup(Blackhole bh) throws IOException {
        hole = bh;
        LogType type = LogType.fromName(family);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BenchMain.generator(type).write(out, RECORDS, 42);
        file = out.toByteArray();
        parser = new Parsers(ParserOptions.defaults()).get(type);
        CollectingSink all = new CollectingSink();
        parser.parse(new ByteArrayInputStream(file), SourceRef.of("bench"), all);
        if (all.events.size() != RECORDS) {
            throw new IllegalStateException("expected " + RECORDS + " events, got " + all.events.size());
        }
        events = all.events.toArray(new Event[0]);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(RECORDS)
    public void sigmaOnly() {
        for (Event e : events) {
            engine.evaluate(e, consume);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(RECORDS)
    public void parseOnly(Blackhole bh) throws IOException {
        parser.parse(new ByteArrayInputStream(file), SourceRef.of("bench"), sink.reset(bh));
        sink.expect(RECORDS);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(RECORDS)
    public void parseAndSigma(Blackhole bh) throws IOException {
        parser.parse(new ByteArrayInputStream(file), SourceRef.of("bench"), detecting.reset(bh));
        sink.expect(RECORDS);
    }

    /** Findings per event over the sample, for the report (how much of the sample the rules flag). */
    public static double findingsPerEvent(String family) throws IOException {
        SigmaBench b = new SigmaBench();
        b.family = family;
        b.setup(null);
        long[] n = {0};
        for (Event e : b.events) {
            b.engine.evaluate(e, f -> n[0]++);
        }
        return (double) n[0] / b.events.length;
    }

    /** Parse -> rules -> serialise, as the job chains them in one task. */
    private final class DetectingSink implements ParseSink {
        private Consumer<Finding> out;

        DetectingSink reset(Blackhole bh) {
            this.out = bh::consume;
            sink.reset(bh);
            return this;
        }

        @Override
        public void event(Event event) {
            engine.evaluate(event, out);
            sink.event(event);
        }

        @Override
        public void deadLetter(DeadLetter d) {
            sink.deadLetter(d);
        }

        @Override
        public void skipped(Skip skip) {
            sink.skipped(skip);
        }
    }
}
