package io.siemflink.bench;

import io.siemflink.parsers.LogType;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code siem bench enrich}: per family, records/s without and with enrichment, their ratio, and the enrichment
 * cost per event (the difference of the per-event times). By default the two are measured in alternating passes
 * over the same data in one JVM and the best pass of each counts, which stays meaningful on a shared, busy
 * machine; {@code --jmh} runs {@link EnrichBench} under JMH instead (for a quiet machine).
 */
final class EnrichReport {
    /** The floor for the whole parse + enrich + detect chain, as a share of parse-only throughput. */
    static final double MIN_RATIO = 0.5;

    private EnrichReport() {
    }

    static int run(Map<String, String> o, List<LogType> types) throws RunnerException, java.io.IOException {
        if (!o.containsKey("jmh")) {
            return paired(o, types);
        }
        boolean quick = o.containsKey("quick");
        String typeParams = String.join(",", types.stream().map(LogType::id).toList());
        OptionsBuilder b = new OptionsBuilder();
        b.include("io\\.siemflink\\.bench\\.EnrichBench\\.")
                .param("type", typeParams.split(","))
                .forks(1)
                .threads(1)
                .jvmArgsAppend("-Xmx1g", "-Dsiem.geoip=" + EnrichBench.geoipDir().toAbsolutePath())
                .warmupIterations(quick ? 2 : 3)
                .warmupTime(TimeValue.seconds(quick ? 2 : 3))
                .measurementIterations(quick ? 3 : 5)
                .measurementTime(TimeValue.seconds(quick ? 2 : 3));
        Collection<RunResult> results = new Runner(b.build()).run();
        Map<String, double[]> rows = new LinkedHashMap<>(); // type -> {parse-only, parse+enrich}
        for (RunResult r : results) {
            String type = r.getParams().getParam("type");
            boolean enrich = r.getParams().getBenchmark().endsWith("parseAndEnrich");
            rows.computeIfAbsent(type, k -> new double[2])[enrich ? 1 : 0] = r.getPrimaryResult().getScore();
        }
        return print(rows);
    }

    /** Alternating parse-only and parse + enrich passes; the best pass of each after a warm-up. */
    static int paired(Map<String, String> o, List<LogType> types) throws java.io.IOException {
        int rounds = Integer.parseInt(o.getOrDefault("rounds", o.containsKey("quick") ? "15" : "40"));
        Map<String, double[]> rows = new LinkedHashMap<>();
        for (LogType t : types) {
            EnrichBench b = new EnrichBench();
            b.type = t.id();
            b.setup();
            try {
                org.openjdk.jmh.infra.Blackhole bh = new org.openjdk.jmh.infra.Blackhole(
                        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
                long warmUntil = System.nanoTime() + 5_000_000_000L;
                while (System.nanoTime() < warmUntil) {
                    b.parseOnly(bh);
                    b.parseAndEnrich(bh);
                }
                long bestParse = Long.MAX_VALUE;
                long bestEnrich = Long.MAX_VALUE;
                for (int r = 0; r < rounds; r++) {
                    long t0 = System.nanoTime();
                    b.parseOnly(bh);
                    long t1 = System.nanoTime();
                    b.parseAndEnrich(bh);
                    long t2 = System.nanoTime();
                    bestParse = Math.min(bestParse, t1 - t0);
                    bestEnrich = Math.min(bestEnrich, t2 - t1);
                }
                rows.put(t.id(), new double[] {EnrichBench.RECORDS * 1e9 / bestParse, EnrichBench.RECORDS * 1e9 / bestEnrich});
            } finally {
                b.tearDown();
            }
        }
        System.out.println("(best of " + rounds + " alternating passes of " + EnrichBench.RECORDS + " records each)");
        return print(rows);
    }

    private static int print(Map<String, double[]> rows) {
        System.out.println();
        System.out.println("parse + serialise vs parse + enrich + serialise, one thread (records/s)");
        System.out.printf("%-12s %14s %14s %8s %16s%n", "type", "parse only", "with enrich", "ratio", "enrich ns/event");
        boolean ok = true;
        for (Map.Entry<String, double[]> e : rows.entrySet()) {
            double parse = e.getValue()[0];
            double enriched = e.getValue()[1];
            double ratio = enriched / parse;
            ok &= ratio >= MIN_RATIO;
            System.out.printf(Locale.ROOT, "%-12s %,14.0f %,14.0f %8.2f %,16.0f%n", e.getKey(), parse, enriched, ratio,
                    1e9 / enriched - 1e9 / parse);
        }
        System.out.println("(MaxMind test databases; 32,000 generated indicators; see EnrichBench)");
        return ok ? 0 : 1;
    }
}
