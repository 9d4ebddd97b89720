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

    static int run(boolean quick, List<LogType> types) throws RunnerException, IOException {
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
}
