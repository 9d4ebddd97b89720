package io.siemflink.bench;

import io.siemflink.detect.Finding;
import io.siemflink.detect.sigma.SigmaEngine;
import io.siemflink.detect.window.BuiltinRules;
import io.siemflink.detect.window.DetectionSettings;
import io.siemflink.detect.window.EntityState;
import io.siemflink.detect.window.Signal;
import io.siemflink.detect.window.SignalExtraction;
import io.siemflink.detect.window.WindowEvaluator;
import io.siemflink.detect.window.WindowRule;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.event.Event;
import io.siemflink.pipeline.job.BatchOutputs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code siem bench chain}: what the job does per event on one thread, in three steps over the same sample file
 * (as {@link EnrichBench} prepares it): parse + serialise; + enrich; + detect (every shipped Sigma rule, signal
 * extraction for the built-in rules, and the windowed evaluation of those signals per entity, as the keyed
 * operator does it). As the job's source task runs them: the parsed events in batches of
 * {@link BatchOutputs#DEFAULT_SIZE}, each step over the whole batch (enrich, serialise, Sigma, extraction), and the
 * batch's signals then through the windows (in the job a network buffer of signals reaches the windows' task at
 * once). {@code --per-record} runs every step for one record before the next record instead, as the job did before
 * {@link BatchOutputs}. Parse-only runs both ways, and the faster is the baseline, so that batching cannot help the
 * ratio by slowing the baseline. Alternating passes, best of each, so that it stays meaningful on a shared machine.
 * The floor: the whole chain keeps at least half of the parse-only throughput.
 */
final class ChainReport {
    private ChainReport() {
    }

    static int run(Map<String, String> o, List<LogType> types) throws IOException {
        int rounds = Integer.parseInt(o.getOrDefault("rounds", o.containsKey("quick") ? "10" : "30"));
        // --cputime: this thread's CPU time instead of wall time, steadier on a busy machine (GC threads' work is
        // then not counted, so it flatters allocation a little)
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        LongSupplier clock = o.containsKey("cputime") ? mx::getCurrentThreadCpuTime : System::nanoTime;
        SigmaEngine sigma = SigmaEngine.bundled();
        List<WindowRule> rules = BuiltinRules.eventRules(DetectionSettings.defaults());
        WindowEvaluator evaluator = BuiltinRules.evaluator(DetectionSettings.defaults());
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        System.out.println("one thread, records/s (best of " + rounds + " alternating passes of " + EnrichBench.RECORDS
                + " records; " + sigma.rules().size() + " Sigma rules, " + rules.size() + " windowed rules; "
                + (o.containsKey("cputime") ? "thread CPU time" : "wall time") + ")");
        boolean perRecord = o.containsKey("per-record");
        int size = Integer.parseInt(o.getOrDefault("batch", String.valueOf(BatchOutputs.DEFAULT_SIZE)));
        System.out.println(perRecord ? "every step per record" : "each step over batches of " + size
                + " events, as the job's source task");
        System.out.printf("%-12s %12s %12s %14s %8s %12s %12s%n", "type", "parse", "+ enrich", "+ detect", "ratio",
                "enrich ns", "detect ns");
        boolean ok = true;
        for (LogType t : types) {
            EnrichBench b = new EnrichBench();
            b.type = t.id();
            b.setup();
            try {
                long[] findings = new long[1];
                // the keyed operator's state: a window per rule and entity, or per group and entity
                Map<String, EntityState> states = new HashMap<>();
                Consumer<Finding> out = f -> findings[0]++;
                Consumer<Signal> windows = s -> evaluator.onSignal(
                        states.computeIfAbsent(s.partitionKey(), k -> evaluator.newState(s.rule)), s, out);
                SignalExtraction extraction = BuiltinRules.extraction(DetectionSettings.defaults());
                List<Signal> signals = new ArrayList<>();
                Consumer<Signal> toSignals = signals::add;
                Consumer<RuntimeException> fail = ex -> {
                    throw ex;
                };
                ParseSink parseOnly;
                ParseSink enrichOnly;
                ParseSink detect;
                if (perRecord) {
                    parseOnly = b.sink;
                    enrichOnly = new EnrichBench.EnrichingSink(b.enricher, b.sink);
                    detect = new ParseSink() {
                        @Override
                        public void event(Event e) {
                            b.enricher.enrich(e);
                            sigma.evaluate(e, out);
                            extraction.extract(e, windows, fail);
                            b.sink.event(e);
                        }

                        @Override
                        public void deadLetter(DeadLetter d) {
                            b.sink.deadLetter(d);
                        }

                        @Override
                        public void skipped(Skip s) {
                            b.sink.skipped(s);
                        }
                    };
                } else {
                    parseOnly = new Batches(b.sink, size, batch -> batch.forEach(b.sink::event));
                    enrichOnly = new Batches(b.sink, size, batch -> {
                        batch.forEach(b.enricher::enrich);
                        batch.forEach(b.sink::event);
                    });
                    // the job's order: enrichment, documents (ToIndexActions), then detection (DetectEvents)
                    detect = new Batches(b.sink, size, batch -> {
                        batch.forEach(b.enricher::enrich);
                        batch.forEach(b.sink::event);
                        for (Event e : batch) {
                            sigma.evaluate(e, out);
                        }
                        for (Event e : batch) {
                            extraction.extract(e, toSignals, fail);
                        }
                        signals.forEach(windows);
                        signals.clear();
                    });
                }
                long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
                long warmUntil = System.nanoTime() + 5_000_000_000L;
                for (int r = 0; r < rounds || System.nanoTime() < warmUntil; r++) {
                    long t0 = clock.getAsLong();
                    pass(b, parseOnly, bh);
                    long t1 = clock.getAsLong();
                    pass(b, enrichOnly, bh);
                    long t2 = clock.getAsLong();
                    states.clear();
                    findings[0] = 0;
                    pass(b, detect, bh);
                    long t3 = clock.getAsLong();
                    if (!perRecord) {
                        pass(b, b.sink, bh); // parse-only record by record too: the baseline is the faster of the two
                    }
                    long t4 = clock.getAsLong();
                    if (System.nanoTime() >= warmUntil) {
                        best[0] = Math.min(best[0], t1 - t0);
                        best[1] = Math.min(best[1], t2 - t1);
                        best[2] = Math.min(best[2], t3 - t2);
                        if (!perRecord) {
                            best[3] = Math.min(best[3], t4 - t3);
                        }
                    } else {
                        r = -1;
                    }
                }
                double parse = EnrichBench.RECORDS * 1e9 / Math.min(best[0], best[3]);
                double enriched = EnrichBench.RECORDS * 1e9 / best[1];
                double chain = EnrichBench.RECORDS * 1e9 / best[2];
                double ratio = chain / parse;
                ok &= ratio >= EnrichReport.MIN_RATIO;
                System.out.printf(Locale.ROOT, "%-12s %,12.0f %,12.0f %,14.0f %8.2f %,12.0f %,12.0f%n", t.id(), parse,
                        enriched, chain, ratio, 1e9 / enriched - 1e9 / parse, 1e9 / chain - 1e9 / enriched);
                System.out.println("  findings in one pass: " + findings[0] + (perRecord ? "" : String.format(Locale.ROOT,
                        "; parse-only %,.0f records/s in batches, %,.0f record by record (the faster is the baseline)",
                        EnrichBench.RECORDS * 1e9 / best[0], EnrichBench.RECORDS * 1e9 / best[3])));
            } finally {
                b.tearDown();
            }
        }
        return ok ? 0 : 1;
    }

    private static void pass(EnrichBench b, ParseSink sink, Blackhole bh) throws IOException {
        b.sink.reset(bh);
        b.parser.parse(new ByteArrayInputStream(b.data), b.source, sink);
        if (sink instanceof Batches batches) {
            batches.flush();
        }
        b.sink.expect(EnrichBench.RECORDS);
    }

    /** Parsed events in batches of {@code size}, each batch handed to {@code steps}; the rest straight on. */
    private static final class Batches implements ParseSink {
        private final ParseSink rest;
        private final int size;
        private final Consumer<List<Event>> steps;
        private final List<Event> batch;

        Batches(ParseSink rest, int size, Consumer<List<Event>> steps) {
            this.rest = rest;
            this.size = size;
            this.steps = steps;
            batch = new ArrayList<>(size);
        }

        @Override
        public void event(Event e) {
            batch.add(e);
            if (batch.size() >= size) {
                flush();
            }
        }

        void flush() {
            if (!batch.isEmpty()) {
                steps.accept(batch);
                batch.clear();
            }
        }

        @Override
        public void deadLetter(DeadLetter d) {
            rest.deadLetter(d);
        }

        @Override
        public void skipped(Skip s) {
            rest.skipped(s);
        }
    }
}
