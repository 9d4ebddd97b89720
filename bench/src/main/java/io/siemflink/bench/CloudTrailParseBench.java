package io.siemflink.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.cloudtrail.CloudTrailParser;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.EventJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    private ByteArrayBuilder buf;
    private JsonGenerator gen;

    @Setup
    public void setup() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CloudTrailSamples().write(out, RECORDS, 42);
        file = out.toByteArray();
        parser = new CloudTrailParser(ParserOptions.defaults());
        buf = new ByteArrayBuilder(64 * 1024);
        gen = EventJson.factory().createGenerator(buf);
        gen.setRootValueSeparator(null); // one document per buffer, no separator
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void parseAndSerialise(Blackhole bh) throws IOException {
        parser.parse(new ByteArrayInputStream(file), SourceRef.of("bench.json"), new ParseSink() {
            @Override
            public void event(Event event) {
                try {
                    EventJson.write(event, gen);
                    gen.flush();
                    bh.consume(buf.toByteArray());
                    buf.reset();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void deadLetter(DeadLetter deadLetter) {
                throw new IllegalStateException(deadLetter.reason());
            }

            @Override
            public void skipped(Skip skip) {
                throw new IllegalStateException(skip.reason());
            }
        });
    }
}
