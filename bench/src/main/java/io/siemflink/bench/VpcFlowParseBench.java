package io.siemflink.bench;

import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.vpcflow.VpcFlowParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
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

/** Parse + normalise + serialise to JSON bytes, per VPC flow log record (score = records/s on one thread). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VpcFlowParseBench {
    static final int RECORDS = 20_000;

    @Param({"V2", "V5"})
    public String format;

    private byte[] data;
    private VpcFlowParser parser;
    private SourceRef source;
    private final SerializingSink sink = new SerializingSink();

    @Setup
    public void setup() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new VpcFlowSamples(VpcFlowSamples.Format.valueOf(format)).write(out, RECORDS, 42);
        data = out.toByteArray();
        parser = new VpcFlowParser(ParserOptions.defaults());
        source = SourceRef.s3("bench", "AWSLogs/123456789012/vpcflowlogs/eu-west-1/2025/08/20/bench.log.gz");
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void parseAndSerialise(Blackhole bh) throws IOException {
        parser.parse(new ByteArrayInputStream(data), source, sink.reset(bh));
        sink.expect(RECORDS);
    }
}
