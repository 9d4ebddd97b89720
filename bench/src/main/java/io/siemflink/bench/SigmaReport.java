package io.siemflink.bench;

import io.siemflink.detect.sigma.SigmaEngine;
import io.siemflink.parsers.LogType;
import java.io.IOException;
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

/** {@code siem bench sigma}: runs {@link SigmaBench} and prints the cost of rules per event and what they leave of parsing. */
final class SigmaReport {
    /** The bar: parse + detect keeps at least half of the parse-only throughput. */
    static final double MIN_RATIO = 0.5;

    private SigmaReport() {
    }

    static int run(boolean quick, boolean cpuTime, List<LogType> types) throws RunnerException, IOException {
        if (cpuTime) {
            return cpuTime(types);
        }
        String params = String.join(",", types.stream().map(LogType::id).toList());
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include("io\\.siemflink\\.bench\\.SigmaBench\\.")
                .param("family", types.stream().map(LogType::id).toArray(String[]::new))
                .forks(1)
                .threads(1)
                .jvmArgsAppend("-Xmx1g")
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .build()).run();
        Map<String, Map<String, Double>> byFamily = new LinkedHashMap<>();
        for (RunResult r : results) {
            String fam = r.getParams().getParam("family");
            String bench = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            byFamily.computeIfAbsent(fam, k -> new LinkedHashMap<>()).put(bench, r.getPrimaryResult().getScore());
        }
        System.out.println();
        System.out.println("Sigma rules (" + SigmaEngine.bundled().rules().size() + " shipped) per event, one thread ("
                + params + ")");
        System.out.printf("%-11s %12s %16s %16s %7s %12s  %s%n", "family", "sigma ns/ev", "parse rec/s", "parse+sigma rec/s",
                "ratio", "findings/ev", "status");
        boolean ok = true;
        for (var e : byFamily.entrySet()) {
            Map<String, Double> s = e.getValue();
            double ratio = s.get("parseAndSigma") / s.get("parseOnly");
            boolean met = ratio >= MIN_RATIO;
            ok &= met;
            System.out.printf(Locale.ROOT, "%-11s %12.0f %16.0f %16.0f %7.2f %12.3f  %s%n", e.getKey(), s.get("sigmaOnly"),
                    s.get("parseOnly"), s.get("parseAndSigma"), ratio, SigmaBench.findingsPerEvent(e.getKey()),
                    met ? "met (>= " + MIN_RATIO + ")" : "BELOW " + MIN_RATIO);
        }
        return ok ? 0 : 1;
    }

    /**
     * Without JMH: parse-only, parse + rules and rules-only runs interleaved in one thread, each timed by the
     * thread's CPU time, medians of 16 rounds after 8 warm-up rounds. Wall-clock scores are meaningless on a
     * machine shared with other work; CPU time and interleaving keep the comparison fair there.
     */
    static int cpuTime(List<LogType> types) throws IOException {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        SigmaEngine engine = SigmaEngine.bundled();
        long[] sink = {0};
        boolean ok = true;
        System.out.println("Sigma rules (" + engine.rules().size() + " shipped), one thread, thread CPU time, median of 16 rounds");
        System.out.printf("%-11s %12s %16s %18s %7s  %s%n", "family", "sigma ns/ev", "parse rec/s", "parse+sigma rec/s",
                "ratio", "status");
        for (LogType t : types) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            BenchMain.generator(t).write(out, SigmaBench.RECORDS, 42);
            byte[] file = out.toByteArray();
            io.siemflink.parsers.LogParser parser = new io.siemflink.parsers.Parsers(
                    io.siemflink.parsers.ParserOptions.defaults()).get(t);
            io.siemflink.parsers.CollectingSink all = new io.siemflink.parsers.CollectingSink();
            parser.parse(new java.io.ByteArrayInputStream(file), io.siemflink.parsers.SourceRef.of("bench"), all);
            io.siemflink.parsers.event.JsonBuffer buf = new io.siemflink.parsers.event.JsonBuffer(16 * 1024);
            double[][] ns = new double[3][16];
            for (int round = 0; round < 24; round++) {
                for (int v = 0; v < 3; v++) {
                    boolean detect = v == 1;
                    long c0 = mx.getCurrentThreadCpuTime();
                    if (v == 2) {
                        for (io.siemflink.parsers.event.Event e : all.events) {
                            engine.evaluate(e, f -> sink[0]++);
                        }
                    } else {
                        parser.parse(new java.io.ByteArrayInputStream(file), io.siemflink.parsers.SourceRef.of("bench"),
                                new io.siemflink.parsers.ParseSink() {
                                    @Override
                                    public void event(io.siemflink.parsers.event.Event e) {
                                        if (detect) {
                                            engine.evaluate(e, f -> sink[0]++);
                                        }
                                        buf.reset();
                                        io.siemflink.parsers.event.EventJson.write(e, buf);
                                        sink[0] += buf.toByteArray().length;
                                    }

                                    @Override
                                    public void deadLetter(io.siemflink.parsers.DeadLetter d) {
                                        throw new IllegalStateException("samples must parse: " + d.reason());
                                    }

                                    @Override
                                    public void skipped(io.siemflink.parsers.Skip s) {
                                    }
                                });
                    }
                    if (round >= 8) {
                        ns[v][round - 8] = (double) (mx.getCurrentThreadCpuTime() - c0) / all.events.size();
                    }
                }
            }
            double parse = median(ns[0]);
            double both = median(ns[1]);
            double rules = median(ns[2]);
            double ratio = parse / both;
            boolean met = ratio >= MIN_RATIO;
            ok &= met;
            System.out.printf(Locale.ROOT, "%-11s %12.0f %16.0f %18.0f %7.2f  %s%n", t.id(), rules, 1e9 / parse, 1e9 / both,
                    ratio, met ? "met (>= " + MIN_RATIO + ")" : "BELOW " + MIN_RATIO);
        }
        return ok ? 0 : 1;
    }

    private static double median(double[] xs) {
        double[] c = xs.clone();
        java.util.Arrays.sort(c);
        return (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
