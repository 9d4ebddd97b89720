package io.siemflink.cli;

import io.siemflink.detect.EventDetector;
import io.siemflink.detect.Finding;
import io.siemflink.detect.FindingJson;
import io.siemflink.detect.window.BatchDetector;
import io.siemflink.detect.window.DetectionSettings;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.Dispatcher;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Parsers;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.event.Event;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code siem detect}: parse, then every detection over files or a bucket-shaped directory, in event time, as
 * a bounded batch; findings as NDJSON on stdout. The same rules and the same ordering as the streaming job (see
 * {@link BatchDetector}), so it answers "what would the job have found in these logs".
 */
final class DetectCommand {
    static final String HELP = """
            usage: siem detect [--rules DIR] [--no-sigma] [--type T] [--set detect.rule.<id>.<key>=V]...
                               [--geoip DIR] [--intel DIR] [--accounts FILE] [--no-enrich] [--quiet] PATH...

              PATH        files (plain or gzip), '-' for stdin, or bucket-shaped directories, as for 'siem parse'
              --rules     a directory of Sigma rules, added to the shipped rules (SigmaHQ's and siemflink's own; same id: yours)
              --no-sigma  only the built-in windowed rules and correlation
              --type      the log type when paths do not tell it
              --set       a detection setting, e.g. detect.rule.console-login-brute-force.threshold=10 (docs/CONFIG.md)
              --geoip, --intel, --accounts   enrichment data, as for 'siem parse' (enrichment of related.*,
                          community_id and user agents is on, as in the job; --no-enrich switches it off)
              --quiet     no summary on stderr

            stdout: one finding per line (the document the job writes to siem-findings-*), ordered by time.
            Exit 0 when all input was read, 1 when a file could not be read, 2 on a usage error.
            """;

    int run(String[] args, OutputStream stdout, PrintStream err, InputStream stdin) {
        String rules = null;
        boolean sigma = true;
        boolean quiet = false;
        boolean enrich = true;
        io.siemflink.enrich.EnrichSettings.Builder enrichment = io.siemflink.enrich.EnrichSettings.builder();
        LogType type = null;
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--rules" -> rules = ParseCommand.value(args, ++i, a);
                case "--no-sigma" -> sigma = false;
                case "--no-enrich" -> enrich = false;
                case "--geoip" -> enrichment.geoipDir(ParseCommand.value(args, ++i, a));
                case "--intel" -> enrichment.intelDir(ParseCommand.value(args, ++i, a));
                case "--accounts" -> enrichment.accountsFile(ParseCommand.value(args, ++i, a));
                case "--type" -> type = ParseCommand.parseType(ParseCommand.value(args, ++i, a));
                case "--set" -> ParseCommand.setting(ParseCommand.value(args, ++i, a), settings);
                case "--quiet", "-q" -> quiet = true;
                case "--help", "-h" -> {
                    err.print(HELP);
                    return 0;
                }
                default -> {
                    if (a.startsWith("--") && !a.equals("-")) {
                        throw new UsageException("unknown option " + a + "\n" + HELP);
                    }
                    paths.add(a);
                }
            }
        }
        if (paths.isEmpty()) {
            throw new UsageException("no PATH given\n" + HELP);
        }
        DetectionSettings detection;
        try {
            detection = DetectionSettings.fromProperties(settings);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        EventDetector perEvent = sigma ? Detectors.sigma(rules, quiet, err) : null;
        BatchDetector detector = new BatchDetector(perEvent, detection);
        io.siemflink.enrich.Enricher enricher = ParseCommand.openEnricher(enrich, enrichment, quiet, err);
        Counts counts = new Counts(new ParseSink() {
            @Override
            public void event(Event e) {
                enricher.enrich(e);
                detector.accept(e);
            }

            @Override
            public void deadLetter(DeadLetter d) {
            }

            @Override
            public void skipped(Skip s) {
            }
        });
        Dispatcher dispatcher = new Dispatcher(new Parsers(ParserOptions.defaults()), type);
        long started = System.nanoTime();
        int failures = 0;
        ParseCommand reader = new ParseCommand();
        for (String p : paths) {
            failures += reader.parsePath(p, null, stdin, dispatcher, counts, err);
        }
        List<Finding> findings = detector.finish();
        enricher.close();
        try (BufferedOutputStream out = new BufferedOutputStream(stdout, 1 << 16)) {
            for (Finding f : findings) {
                out.write(FindingJson.toJson(f));
                out.write('\n');
            }
        } catch (IOException e) {
            err.println("siem detect: cannot write output: " + e.getMessage());
            return 1;
        }
        if (!quiet) {
            err.print(counts.summary());
            Map<String, Integer> perRule = new TreeMap<>();
            findings.forEach(f -> perRule.merge(f.ruleset + " " + f.ruleId, 1, Integer::sum));
            err.printf("findings: %d%n", findings.size());
            perRule.forEach((r, n) -> err.printf("  %-60s %d%n", r, n));
            err.printf("  %.2f s%n", (System.nanoTime() - started) / 1e9);
        }
        return failures > 0 ? 1 : 0;
    }
}
