package io.siemflink.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.EventJson;
import io.siemflink.parsers.vpcflow.VpcFlowParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
    private JsonSink sink;

    @Setup
    public void setup() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new VpcFlowSamples(VpcFlowSamples.Format.valueOf(format)).write(out, RECORDS, 42);
        data = out.toByteArray();
        parser = new VpcFlowParser(ParserOptions.defaults());
        source = SourceRef.s3("bench", "AWSLogs/123456789012/vpcflowlogs/eu-west-1/2025/08/20/bench.log.gz");
        sink = new JsonSink();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void parseAndSerialise(Blackhole bh) throws IOException {
        sink.bh = bh;
        sink.events = 0;
        parser.parse(new ByteArrayInputStream(data), source, sink);
        if (sink.events != RECORDS) {
            throw new IllegalStateException("expected " + RECORDS + " events, got " + sink.events);
        }
    }

    /** Writes each event into one reused buffer, as a bulk-request builder would. */
    static final class JsonSink implements ParseSink {
        final Buf buf = new Buf();
        final JsonGenerator g;
        Blackhole bh;
        int events;

        JsonSink() throws IOException {
            g = EventJson.factory().createGenerator(buf);
            g.setRootValueSeparator(null);
        }

        @Override
        public void event(Event event) {
            try {
                buf.count = 0;
                EventJson.write(event, g);
                g.flush();
                bh.consume(buf.bytes);
                bh.consume(buf.count);
                events++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            throw new IllegalStateException("unexpected dead letter: " + deadLetter.reason());
        }

        @Override
        public void skipped(Skip skip) {
            bh.consume(skip);
        }
    }

    static final class Buf extends OutputStream {
        byte[] bytes = new byte[16 * 1024];
        int count;

        @Override
        public void write(int b) {
            if (count == bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, count * 2);
            }
            bytes[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (count + len > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + len));
            }
            System.arraycopy(b, off, bytes, count, len);
            count += len;
        }
    }
}
