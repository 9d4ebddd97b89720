package io.siemflink.bench;

import io.siemflink.parsers.LogType;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code siem gen} and {@code siem bench}: generated sample data, the JMH parse benchmarks with their targets,
 * and the whole-file comparison of {@code siem parse} with {@code gzip -dc}.
 */
public final class BenchMain {
    /** Per-core targets for parse + normalise + serialise, from the parsers issue. */
    static final Map<LogType, Double> TARGETS = Map.of(
            LogType.CLOUDTRAIL, 50_000.0, LogType.VPCFLOW, 500_000.0, LogType.ELB, 200_000.0);

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String cmd = args.length == 0 ? "help" : args[0];
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            cmd = "help";
        }
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (cmd) {
            case "gen" -> System.exit(gen(rest));
            case "bench" -> System.exit(bench(rest));
            default -> {
                System.err.println("""
                        usage: siem gen --type cloudtrail|vpcflow|elb --records N [--gzip] [--seed S] [--out FILE]
                               siem bench [parse] [--types t1,t2] [--quick]   JMH: records/s per core vs targets
                               siem bench sigma [--types t1,t2] [--quick | --cputime]
                                                                        Sigma rules ns/event, parse+rules vs parse
                               siem bench file [--types t1,t2] [--records N] [--xmx 256m]
                                                                        siem parse vs gzip -dc on one big gzip file
                               siem bench e2e [--types t1,t2] [--objects 8] [--vpcflow-records N] ...
                                                                        S3 server -> job -> OpenSearch vs raw bulk
                               siem bench enrich [--types t1,t2] [--quick] [--rounds N] [--jmh]
                                                                        parse-only vs parse + enrich, ns per event
                               siem bench chain [--types t1,t2] [--quick] [--rounds N] [--cputime] [--per-record] [--batch N]
                                                                        parse vs + enrich vs + detect, kept share
                               siem bench detect-job [--types t1,t2] [--events N] [--parallelism P] [--quick]
                                                                        the job's detection graph, events/s""");
                System.exit(cmd.equals("help") ? 0 : 2);
            }
        }
    }

    public static SampleGenerator generator(LogType type) {
        String name = switch (type) {
            case CLOUDTRAIL -> "CloudTrailSamples";
            case VPCFLOW -> "VpcFlowSamples";
            case ELB -> "ElbSamples";
        };
        try {
            return (SampleGenerator) Class.forName("io.siemflink.bench." + name).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no sample generator for " + type + " (" + name + ")", e);
        }
    }

    private static Map<String, String> options(String[] args, int from) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = from; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String k = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            o.put(k, flag ? "true" : args[++i]);
        }
        return o;
    }

    private static List<LogType> types(Map<String, String> o) {
        List<LogType> l = new ArrayList<>();
        for (String t : o.getOrDefault("types", "cloudtrail,vpcflow,elb").split(",")) {
            l.add(LogType.fromName(t));
        }
        return l;
    }

    static int gen(String[] args) throws IOException {
        Map<String, String> o = options(args, 0);
        if (!o.containsKey("type") || !o.containsKey("records")) {
            System.err.println("siem gen: --type and --records are required");
            return 2;
        }
        SampleGenerator g = generator(LogType.fromName(o.get("type")));
        int records = Integer.parseInt(o.get("records"));
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        String out = o.getOrDefault("out", "-");
        OutputStream os = out.equals("-") ? new FileOutputStream(FileDescriptor.out) : Files.newOutputStream(Path.of(out));
        try (OutputStream sink = o.containsKey("gzip") ? new GZIPOutputStream(os, 1 << 16) : new BufferedOutputStream(os, 1 << 16)) {
            g.write(sink, records, seed);
        }
        return 0;
    }

    static int bench(String[] args) throws RunnerException, IOException, InterruptedException {
        String mode = args.length > 0 && !args[0].startsWith("--") ? args[0] : "parse";
        Map<String, String> o = options(args, args.length > 0 && !args[0].startsWith("--") ? 1 : 0);
        switch (mode) {
            case "file":
                return fileBench(o);
            case "e2e":
                try {
                    return EndToEndBench.run(o, types(o));
                } catch (Exception e) {
                    throw new IOException(e);
                }
            case "parse":
                return jmh(o);
            case "enrich":
                return EnrichReport.run(o, types(o));
            case "chain":
                return ChainReport.run(o, types(o));
            case "sigma":
                return SigmaReport.run(o.containsKey("quick"), o.containsKey("cputime"), types(o));
            case "detect-job":
                try {
                    return DetectJobBench.run(o, types(o));
                } catch (Exception e) {
                    throw new IOException(e);
                }
            default:
                throw new IllegalArgumentException("unknown benchmark " + mode
                        + " (parse, file, e2e, enrich, sigma, chain, detect-job)");
        }
    }

    private static int jmh(Map<String, String> o) throws RunnerException {
        boolean quick = o.containsKey("quick");
        List<LogType> types = types(o);
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, LogType> typeOf = new LinkedHashMap<>();
        for (LogType t : types) {
            String bench = switch (t) {
                case CLOUDTRAIL -> "CloudTrailParseBench";
                case VPCFLOW -> "VpcFlowParseBench";
                case ELB -> "ElbParseBench";
            };
            ChainedOptionsBuilder b = new OptionsBuilder()
                    .include("io\\.siemflink\\.bench\\." + bench + "\\.")
                    .forks(1)
                    .threads(1)
                    .jvmArgsAppend("-Xmx1g")
                    .warmupIterations(quick ? 2 : 3)
                    .warmupTime(TimeValue.seconds(quick ? 2 : 3))
                    .measurementIterations(quick ? 3 : 5)
                    .measurementTime(TimeValue.seconds(quick ? 2 : 3));
            Collection<RunResult> results = new Runner(b.build()).run();
            for (RunResult r : results) {
                // One row per benchmark parameter set (VPC flow logs run the default and the all-fields format).
                String format = r.getParams().getParam("format");
                String name = t.id() + (format == null ? "" : " " + format.toLowerCase(Locale.ROOT));
                scores.put(name, r.getPrimaryResult().getScore());
                typeOf.put(name, t);
            }
        }
        System.out.println();
        System.out.println("parse + normalise + serialise to JSON, one thread (records/s per core)");
        System.out.printf("%-12s %14s %14s  %s%n", "type", "records/s", "target", "status");
        boolean allMet = true;
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            double target = TARGETS.get(typeOf.get(e.getKey()));
            boolean met = e.getValue() >= target;
            allMet &= met;
            System.out.printf(Locale.ROOT, "%-12s %,14.0f %,14.0f  %s%n", e.getKey(), e.getValue(), target, met ? "met" : "BELOW TARGET");
        }
        return allMet ? 0 : 1;
    }

    /** Generates one gzip file per type and times {@code gzip -dc} against {@code siem parse} in a child JVM. */
    private static int fileBench(Map<String, String> o) throws IOException, InterruptedException {
        int records = Integer.parseInt(o.getOrDefault("records", "1000000"));
        String xmx = o.getOrDefault("xmx", "256m");
        Path dir = Files.createTempDirectory("siem-bench");
        String home = System.getProperty("siem.home", ".");
        String cp = Path.of(home, "cli/target/classes") + File.pathSeparator
                + Files.readString(Path.of(home, "cli/target/classpath.txt")).trim();
        System.out.printf("%-12s %10s %12s %12s %10s %8s  %s%n", "type", "records", "gzip MB", "gzip -dc s", "parse s", "ratio", "siem parse summary");
        for (LogType t : types(o)) {
            Path f = dir.resolve(t.id() + ".log.gz");
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f), 1 << 16)) {
                generator(t).write(out, records, 7);
            }
            double gz = time(List.of("gzip", "-dc", f.toString()), null);
            Path summary = dir.resolve(t.id() + ".summary");
            double parse = time(List.of(javaBin(), "-Xmx" + xmx, "-cp", cp, "io.siemflink.cli.Main", "parse", "--type", t.id(), f.toString()), summary);
            String lastLines = String.join(" | ", Files.readAllLines(summary).stream().filter(l -> l.contains("records read") || l.contains("peak heap")).toList());
            System.out.printf(Locale.ROOT, "%-12s %,10d %12.1f %12.2f %10.2f %8.2f  %s%n", t.id(), records, Files.size(f) / 1e6, gz, parse,
                    parse / gz, lastLines.strip());
            Files.delete(f);
        }
        System.out.println("(parse writes NDJSON to /dev/null; -Xmx" + xmx + " bounds the heap of the parse JVM)");
        return 0;
    }

    private static double time(List<String> cmd, Path stderrTo) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(stderrTo == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.to(stderrTo.toFile()));
        long t0 = System.nanoTime();
        int rc = pb.start().waitFor();
        if (rc != 0) {
            throw new IOException(cmd.get(0) + " exited with " + rc);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
