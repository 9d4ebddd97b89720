package io.siemflink.cli;

import io.siemflink.enrich.EnrichSettings;
import io.siemflink.enrich.Enricher;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.Dispatcher;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Parsers;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.EventJson;
import io.siemflink.parsers.event.JsonBuffer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code siem parse}: files, bucket-shaped directories or stdin to NDJSON documents on stdout, dead letters to a
 * file or stderr, and a summary on stderr.
 */
final class ParseCommand {
    static final String HELP = """
            usage: siem parse [--type auto|cloudtrail|vpcflow|elb|alb] [--key S3_OBJECT_KEY] [--vpc-format "FIELDS"]
                              [--dead-letter FILE] [--keep-original] [--quiet]
                              [--enrich [--geoip DIR] [--intel DIR] [--accounts FILE]] PATH...

              PATH            a file (plain or gzip, detected by its bytes), '-' for stdin, or a directory read as a
                              local copy of a bucket (each file's path below it is its S3 key)
              --type          the log type; 'auto' (default) tells it from the S3 key layout, else from the content
              --key           the S3 key of a single file or stdin, for type, account and region detection
              --vpc-format    VPC Flow Logs fields for input without a header line, e.g.
                              "version account-id interface-id srcaddr dstaddr ..."
              --dead-letter   where dead letters go as NDJSON (default: stderr)
              --keep-original write event.original into each document
              --quiet         no summary on stderr
              --enrich        add related.*, network.community_id, user_agent.* (and with the options below
                              geo/as fields, threat.enrichments, cloud.account.name); see enrich/README.md
              --geoip DIR     MaxMind DB files (.mmdb: City or Country, and ASN) for source/destination geo and as
              --intel DIR     threat-intel indicator files (.txt, .csv, STIX 2.1 .json)
              --accounts FILE account id -> name (.csv, .json or .yaml); each of these three implies --enrich

            stdout: one JSON document per event, in input order. Exit 0 when all input was read (even with bad
            records, which become dead letters); 1 when a file could not be read; 2 on a usage error.
            """;

    int run(String[] args, OutputStream stdout, PrintStream err, InputStream stdin) {
        LogType type = null;
        String key = null;
        String vpcFormat = null;
        String deadLetterFile = null;
        boolean keepOriginal = false;
        boolean quiet = false;
        boolean enrich = false;
        EnrichSettings.Builder enrichment = EnrichSettings.builder();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--type" -> {
                    String v = value(args, ++i, a);
                    type = v.equals("auto") ? null : parseType(v);
                }
                case "--key" -> key = value(args, ++i, a);
                case "--vpc-format" -> vpcFormat = value(args, ++i, a);
                case "--dead-letter" -> deadLetterFile = value(args, ++i, a);
                case "--keep-original" -> keepOriginal = true;
                case "--quiet", "-q" -> quiet = true;
                case "--enrich" -> enrich = true;
                case "--geoip" -> {
                    enrichment.geoipDir(value(args, ++i, a));
                    enrich = true;
                }
                case "--intel" -> {
                    enrichment.intelDir(value(args, ++i, a));
                    enrich = true;
                }
                case "--accounts" -> {
                    enrichment.accountsFile(value(args, ++i, a));
                    enrich = true;
                }
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
            throw new UsageException("no PATH given (use - for stdin)\n" + HELP);
        }
        Enricher enricher = openEnricher(enrich, enrichment, quiet, err);
        ParserOptions options = ParserOptions.defaults().withVpcFormat(vpcFormat).withKeepOriginal(keepOriginal);
        Dispatcher dispatcher = new Dispatcher(new Parsers(options), type);
        long started = System.nanoTime();
        int failures = 0;
        try (BufferedOutputStream out = new BufferedOutputStream(stdout, 1 << 16);
             DeadLetterOut dl = DeadLetterOut.open(deadLetterFile, err)) {
            NdjsonSink ndjson = new NdjsonSink(out, dl, enricher);
            Counts counts = new Counts(ndjson);
            for (String p : paths) {
                failures += parsePath(p, key, stdin, dispatcher, counts, err);
            }
            out.flush();
            if (!quiet) {
                double secs = (System.nanoTime() - started) / 1e9;
                err.print(counts.summary());
                err.printf("  %.2f s, %.0f records/s, peak heap used %d MB (max %d MB)%n", secs,
                        counts.read() / Math.max(secs, 1e-9), peakHeapBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20);
                if (enricher.active()) {
                    err.println("enrichment: " + enricher.stats());
                }
            }
        } catch (IOException e) {
            err.println("siem parse: cannot write output: " + e.getMessage());
            return 1;
        } finally {
            enricher.close();
        }
        return failures > 0 ? 1 : 0;
    }

    int parsePath(String p, String key, InputStream stdin, Dispatcher dispatcher, ParseSink sink,
                          PrintStream err) {
        if (p.equals("-")) {
            return parseOne(new SourceRef("-", key), stdin, dispatcher, sink, err);
        }
        Path path = Path.of(p);
        if (Files.isDirectory(path)) {
            int failures = 0;
            List<Path> files;
            try (Stream<Path> s = Files.walk(path)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                err.println("siem parse: cannot list " + p + ": " + e.getMessage());
                return 1;
            }
            for (Path f : files) {
                String rel = path.relativize(f).toString().replace('\\', '/');
                failures += parseFile(f, new SourceRef(f.toString(), rel), dispatcher, sink, err);
            }
            return failures;
        }
        return parseFile(path, new SourceRef(p, key != null ? key : p.replace('\\', '/')), dispatcher, sink, err);
    }

    private int parseFile(Path f, SourceRef ref, Dispatcher dispatcher, ParseSink sink, PrintStream err) {
        InputStream in;
        try {
            in = Files.newInputStream(f);
        } catch (IOException e) {
            err.println("siem parse: cannot read " + f + ": " + describe(e));
            return 1;
        }
        try (in) {
            return parseOne(ref, in, dispatcher, sink, err);
        } catch (IOException e) {
            err.println("siem parse: cannot read " + f + ": " + describe(e));
            return 1;
        }
    }

    private int parseOne(SourceRef ref, InputStream in, Dispatcher dispatcher, ParseSink sink, PrintStream err) {
        try {
            dispatcher.parseObject(in, ref, sink);
            return 0;
        } catch (IOException e) {
            err.println("siem parse: cannot read " + ref.name() + ": " + describe(e));
            return 1;
        }
    }

    /** The enricher for {@code --enrich}, or one that does nothing; a bad data path is a usage error. */
    static Enricher openEnricher(boolean enrich, EnrichSettings.Builder b, boolean quiet, PrintStream err) {
        EnrichSettings settings = enrich ? b.build() : EnrichSettings.none();
        try {
            Enricher e = Enricher.open(settings, err::println);
            if (!quiet) {
                e.describe().forEach(line -> err.println("enrichment: " + line));
            }
            return e;
        } catch (IllegalArgumentException ex) {
            throw new UsageException(ex.getMessage());
        }
    }

    /** Sum of the heap pools' peak usage: the figure that shows parsing streams in bounded memory. */
    static long peakHeapBytes() {
        long sum = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static LogType parseType(String v) {
        try {
            return LogType.fromName(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** {@code --set KEY=VALUE} into a settings map. */
    static void setting(String kv, java.util.Map<String, String> into) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
            throw new UsageException("--set needs KEY=VALUE, got " + kv);
        }
        into.put(kv.substring(0, eq), kv.substring(eq + 1));
    }

    static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    /** Documents to stdout, dead letters to their own stream; skips are only counted. */
    private static final class NdjsonSink implements ParseSink {
        private final OutputStream out;
        private final DeadLetterOut dl;
        private final Enricher enricher;
        private final JsonBuffer buf = new JsonBuffer(4096);

        NdjsonSink(OutputStream out, DeadLetterOut dl, Enricher enricher) {
            this.out = out;
            this.dl = dl;
            this.enricher = enricher;
        }

        @Override
        public void event(Event e) {
            enricher.enrich(e);
            try {
                buf.reset();
                EventJson.write(e, buf);
                buf.raw((byte) '\n').writeTo(out);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        @Override
        public void deadLetter(DeadLetter d) {
            dl.write(d);
        }

        @Override
        public void skipped(Skip s) {
        }
    }
}
