package io.siemflink.bench;

import io.siemflink.enrich.EnrichSettings;
import io.siemflink.enrich.Enricher;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.LogParser;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Parsers;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of enrichment: the same sample file parsed and serialised with and without every enricher (GeoIP and
 * ASN, user agent, community_id, related.*, account names, threat intel), records/s on one thread. The samples'
 * documentation addresses are rewritten into networks of the MaxMind test databases (some hit, some miss), and
 * the threat-intel directory holds 20,000 generated IPs, 2,000 networks and 10,000 domains, so every lookup is
 * real work; production GeoLite2 files are larger (tens of MB) than the test ones, which mostly shows on cache
 * misses.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnrichBench {
    static final int RECORDS = 20_000;

    @Param({"cloudtrail", "vpcflow", "elb"})
    public String type;

    byte[] data;
    LogParser parser;
    SourceRef source;
    Enricher enricher;
    private Path intelDir;
    final SerializingSink sink = new SerializingSink();
    private EnrichingSink enriching;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        LogType t = LogType.fromName(type);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BenchMain.generator(t).write(out, RECORDS, 42);
        data = publicAddresses(out.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        parser = new Parsers(ParserOptions.defaults()).get(t);
        source = switch (t) {
            case CLOUDTRAIL -> SourceRef.of("bench.json");
            case VPCFLOW -> SourceRef.s3("bench", "AWSLogs/123456789012/vpcflowlogs/eu-west-1/2025/08/20/bench.log.gz");
            case ELB -> SourceRef.s3("elb-logs", "AWSLogs/111122223333/elasticloadbalancing/eu-west-1/2025/06/01/"
                    + "111122223333_elasticloadbalancing_eu-west-1_app.shop-prod-alb.4f1b2c3d4e5f6a7b_20250601T1005Z_10.0.1.17_x.log.gz");
        };
        intelDir = Files.createTempDirectory("siem-bench-intel");
        writeIntel(intelDir);
        enricher = Enricher.open(EnrichSettings.builder().geoipDir(geoipDir().toString()).intelDir(intelDir.toString())
                .accounts(java.util.Map.of("123456789012", "prod", "111122223333", "shop")).build());
        enriching = new EnrichingSink(enricher, sink);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        System.out.println();
        System.out.println("enrichment counters (" + type + "): " + enricher.stats());
        enricher.close();
        try (var files = Files.list(intelDir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(intelDir);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void parseOnly(Blackhole bh) throws IOException {
        parser.parse(new ByteArrayInputStream(data), source, sink.reset(bh));
        sink.expect(RECORDS);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void parseAndEnrich(Blackhole bh) throws IOException {
        sink.reset(bh);
        parser.parse(new ByteArrayInputStream(data), source, enriching);
        sink.expect(RECORDS);
    }

    /** The MaxMind test databases: {@code -Dsiem.geoip=DIR}, else {@code ../shared/fixtures/geoip} beside the project. */
    static Path geoipDir() {
        String p = System.getProperty("siem.geoip");
        if (p != null) {
            return Path.of(p);
        }
        return Path.of(System.getProperty("siem.home", ".")).toAbsolutePath().resolveSibling("shared")
                .resolve("fixtures/geoip");
    }

    /** Documentation ranges (never looked up) into networks of the MaxMind test databases. */
    static String publicAddresses(String s) {
        return s.replace("203.0.113.", "81.2.69.").replace("198.51.100.", "89.160.20.")
                .replace("192.0.2.", "216.160.83.").replace("2001:db8:", "2a02:cf40:");
    }

    /** Generated indicators: a few hit the rewritten sample addresses, the rest only make the index realistic. */
    static void writeIntel(Path dir) throws IOException {
        SplittableRandom r = new SplittableRandom(7);
        try (Writer w = Files.newBufferedWriter(dir.resolve("ips.txt"))) {
            w.write("# generated\n81.2.69.7\n89.160.20.200\n");
            for (int i = 0; i < 20_000; i++) {
                w.write((1 + r.nextInt(222)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "\n");
            }
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve("networks.csv"))) {
            w.write("indicator,type,provider,confidence\n216.160.83.0/28,cidr,bench,high\n");
            for (int i = 0; i < 2_000; i++) {
                w.write((1 + r.nextInt(222)) + "." + r.nextInt(256) + "." + r.nextInt(256) + ".0/" + (16 + r.nextInt(9))
                        + ",cidr,bench,medium\n");
            }
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve("domains.txt"))) {
            for (int i = 0; i < 10_000; i++) {
                w.write("d" + Long.toHexString(r.nextLong() >>> 20) + ".example-" + r.nextInt(100) + ".net\n");
            }
        }
    }

    /** Enriches, then hands the event to the serialising sink: what the job's map before the sink does. */
    static final class EnrichingSink implements ParseSink {
        private final Enricher enricher;
        private final ParseSink next;

        EnrichingSink(Enricher enricher, ParseSink next) {
            this.enricher = enricher;
            this.next = next;
        }

        @Override
        public void event(Event e) {
            enricher.enrich(e);
            next.event(e);
        }

        @Override
        public void deadLetter(DeadLetter d) {
            next.deadLetter(d);
        }

        @Override
        public void skipped(Skip s) {
            next.skipped(s);
        }
    }

    /** A quick check outside JMH: {@code EnrichBench} prints one enriched document per family. */
    public static void main(String[] args) throws IOException {
        for (String t : new String[] {"cloudtrail", "vpcflow", "elb"}) {
            EnrichBench b = new EnrichBench();
            b.type = t;
            b.setup();
            io.siemflink.parsers.CollectingSink c = new io.siemflink.parsers.CollectingSink();
            b.parser.parse(new ByteArrayInputStream(b.data), b.source, new EnrichingSink(b.enricher, c));
            System.out.println(io.siemflink.parsers.event.EventJson.toJson(c.events.get(7)));
            b.tearDown();
        }
    }
}
