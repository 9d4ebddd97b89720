package io.siemflink.bench;

import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.EventJson;
import io.siemflink.parsers.event.JsonBuffer;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What every benchmark measures after parsing: each event written as JSON into a reused buffer and copied out as
 * its own byte array, as the OpenSearch sink does. A dead letter fails the run: samples must all parse.
 */
final class SerializingSink implements ParseSink {
    private final JsonBuffer buf = new JsonBuffer(16 * 1024);
    Blackhole bh;
    int events;
    int skips;

    SerializingSink reset(Blackhole bh) {
        this.bh = bh;
        events = 0;
        skips = 0;
        return this;
    }

    @Override
    public void event(Event event) {
        buf.reset();
        EventJson.write(event, buf);
        bh.consume(buf.toByteArray());
        bh.consume(event.id());
        events++;
    }

    @Override
    public void deadLetter(DeadLetter d) {
        throw new IllegalStateException("samples must all parse, got a dead letter: " + d.reason());
    }

    @Override
    public void skipped(Skip skip) {
        skips++;
    }

    void expect(int records) {
        if (events != records) {
            throw new IllegalStateException("expected " + records + " events, got " + events);
        }
    }
}
