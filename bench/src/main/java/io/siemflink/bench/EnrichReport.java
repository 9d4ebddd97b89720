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
 * {@code siem bench enrich}: runs {@link EnrichBench} and prints, per family, records/s without and with
 * enrichment, their ratio, and the enrichment cost per event (the difference of the per-event times).
 */
final class EnrichReport {
    /** The floor for the whole parse + enrich + detect chain, as a share of parse-only throughput. */
    static final double MIN_RATIO = 0.5;

    private EnrichReport() {
    }

    static int run(Map<String, String> o, List<LogType> types) throws RunnerException {
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
