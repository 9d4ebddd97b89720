package io.siemflink.bench;

import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.cloudtrail.CloudTrailParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** CloudTrail: parse a delivered file and serialise every event to JSON bytes; the score is records/s. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CloudTrailParseBench {
    static final int RECORDS = 20_000;

    private byte[] file;
    private CloudTrailParser parser;
    private final SerializingSink sink = new SerializingSink();

    @Setup
    public void setup() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CloudTrailSamples().write(out, RECORDS, 42);
        file = out.toByteArray();
        parser = new CloudTrailParser(ParserOptions.defaults());
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void parseAndSerialise(Blackhole bh) throws IOException {
        parser.parse(new ByteArrayInputStream(file), SourceRef.of("bench.json"), sink.reset(bh));
        sink.expect(RECORDS);
    }
}
