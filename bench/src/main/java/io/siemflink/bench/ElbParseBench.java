package io.siemflink.bench;

import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.elb.ElbParser;
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

/**
 * Records per second for ALB access logs: split lines, parse, normalise and serialise every event to JSON bytes
 * (one reused generator and buffer, a fresh byte[] per document as a sink would need).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ElbParseBench {
    static final int RECORDS = 20_000;
    private static final SourceRef SOURCE = SourceRef.s3("elb-logs",
            "AWSLogs/111122223333/elasticloadbalancing/eu-west-1/2025/06/01/"
                    + "111122223333_elasticloadbalancing_eu-west-1_app.shop-prod-alb.4f1b2c3d4e5f6a7b_20250601T1005Z_10.0.1.17_x.log.gz");

    private byte[] data;
    private ElbParser parser;
    private final SerializingSink sink = new SerializingSink();

    @Setup
    public void setup() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(RECORDS * 700);
        new ElbSamples().write(b, RECORDS, 42);
        data = b.toByteArray();
        parser = new ElbParser(ParserOptions.defaults());
        CollectingSink check = new CollectingSink();
        parser.parse(new ByteArrayInputStream(data), SOURCE, check);
        if (check.events.size() != RECORDS) {
            throw new IllegalStateException("samples must all parse: " + check.events.size() + " events, "
                    + check.deadLetters.size() + " dead letters, first: "
                    + (check.deadLetters.isEmpty() ? "-" : check.deadLetters.get(0).toJson()));
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void parseAndSerialise(Blackhole bh) throws IOException {
        parser.parse(new ByteArrayInputStream(data), SOURCE, sink.reset(bh));
        sink.expect(RECORDS);
    }

    /** Writes a sample file: {@code ElbParseBench <records> <file>}. */
    public static void main(String[] args) throws IOException {
        try (var o = java.nio.file.Files.newOutputStream(java.nio.file.Path.of(args[1]))) {
            new ElbSamples().write(o, Integer.parseInt(args[0]), 42);
        }
    }
}
