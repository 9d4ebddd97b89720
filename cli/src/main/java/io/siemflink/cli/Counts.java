package io.siemflink.cli;

import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.event.Event;
import java.util.Map;
import java.util.TreeMap;

/** Counts what passes through to a sink, per type, so that read = documents + dead letters + skipped. */
final class Counts implements ParseSink {
    private final ParseSink next;
    final Map<String, long[]> perType = new TreeMap<>();
    final Map<String, Long> skipReasons = new TreeMap<>();
    final Map<String, Long> deadLetterReasons = new TreeMap<>();
    long events;
    long deadLetters;
    long skipped;

    Counts(ParseSink next) {
        this.next = next;
    }

    private long[] of(LogType t) {
        return perType.computeIfAbsent(t == null ? "unknown" : t.id(), k -> new long[3]);
    }

    @Override
    public void event(Event e) {
        events++;
        of(e.type())[0]++;
        next.event(e);
    }

    @Override
    public void deadLetter(DeadLetter d) {
        deadLetters++;
        of(d.type())[1]++;
        deadLetterReasons.merge(d.reasonCode(), 1L, Long::sum);
        next.deadLetter(d);
    }

    @Override
    public void skipped(Skip s) {
        skipped++;
        of(s.type())[2]++;
        skipReasons.merge(s.reason(), 1L, Long::sum);
        next.skipped(s);
    }

    long read() {
        return events + deadLetters + skipped;
    }

    String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("records read: ").append(read()).append(" = documents: ").append(events)
                .append(" + dead letters: ").append(deadLetters).append(" + skipped: ").append(skipped).append('\n');
        perType.forEach((t, c) -> sb.append(String.format("  %-10s documents %d, dead letters %d, skipped %d%n", t, c[0], c[1], c[2])));
        if (!deadLetterReasons.isEmpty()) {
            sb.append("  dead-letter reasons: ").append(deadLetterReasons).append('\n');
        }
        if (!skipReasons.isEmpty()) {
            sb.append("  skip reasons: ").append(skipReasons).append('\n');
        }
        return sb.toString();
    }
}
