package io.siemflink.bench;

import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.Dispatcher;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Parsers;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.EventJson;
import io.siemflink.pipeline.config.AwsSettings;
import io.siemflink.pipeline.config.SourceConfig;
import io.siemflink.pipeline.job.SiemJob;
import io.siemflink.pipeline.job.Sources;
import io.siemflink.pipeline.local.LocalOpenSearch;
import io.siemflink.pipeline.local.LocalS3;
import io.siemflink.pipeline.opensearch.IndexSetup;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import io.siemflink.pipeline.opensearch.OpenSearchSettings;
import io.siemflink.pipeline.sink.BulkIndexer;
import io.siemflink.pipeline.sink.BulkSettings;
import io.siemflink.pipeline.sink.DeadLetterDocs;
import io.siemflink.pipeline.sink.IndexAction;
import io.siemflink.pipeline.sink.IndexNames;
import io.siemflink.pipeline.sink.OpenSearchSink;
import io.siemflink.pipeline.source.objects.S3ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code siem bench e2e}: objects in a real S3 API server (s3proxy) to documents searchable in a real OpenSearch,
 * through the job on a MiniCluster, compared with the same OpenSearch's bulk rate for the same final documents
 * sent by a plain bulk client. Both on this machine; the ratio is what the pipeline costs on top of indexing.
 */
final class EndToEndBench {
    private EndToEndBench() {
    }

    record Row(LogType type, long docs, double rawRate, double e2eRate, long heapMb) {
    }

    static int run(Map<String, String> o, List<LogType> types) throws Exception {
        Path home = Path.of(System.getProperty("siem.home", ".")).toAbsolutePath();
        int objects = Integer.parseInt(o.getOrDefault("objects", "8"));
        Map<LogType, Integer> records = new EnumMap<>(LogType.class);
        records.put(LogType.CLOUDTRAIL, Integer.parseInt(o.getOrDefault("cloudtrail-records", "80000")));
        records.put(LogType.VPCFLOW, Integer.parseInt(o.getOrDefault("vpcflow-records", "400000")));
        records.put(LogType.ELB, Integer.parseInt(o.getOrDefault("elb-records", "200000")));
        Path work = Files.createTempDirectory("siem-bench-e2e-");
        work.toFile().setExecutable(true, false);
        System.err.println("starting OpenSearch and s3proxy under " + work + " ...");
        try (LocalOpenSearch os = LocalOpenSearch.start(home.resolve("pipeline/target/dist/opensearch.zip"),
                home.resolve(".siem/opensearch/install"), work.resolve("opensearch"), 0, o.getOrDefault("opensearch-heap", "1g"));
             LocalS3 s3 = LocalS3.start(home.resolve("pipeline/target/dist/s3proxy.jar"), Files.createDirectories(work.resolve("s3")))) {
            System.setProperty("aws.accessKeyId", LocalS3.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", LocalS3.SECRET_KEY);
            AwsSettings aws = new AwsSettings(LocalS3.REGION, s3.endpoint(), null, null, true);
            S3Client s3c = aws.s3Client();
            OpenSearchSettings oss = OpenSearchSettings.local(os.url());
            OpenSearchClient client = new OpenSearchClient(oss);
            warmUp(client);
            List<Row> rows = new ArrayList<>();
            for (LogType t : types) {
                rows.add(measure(t, records.get(t), objects, s3c, aws, client, oss));
            }
            System.out.println();
            System.out.println("objects in S3 -> documents searchable in OpenSearch (one machine, 2 cores shared by all)");
            System.out.printf("%-12s %10s %16s %16s %8s %12s%n", "type", "documents", "raw bulk docs/s", "end-to-end docs/s",
                    "ratio", "job heap MB");
            long docs = 0;
            double rawSecs = 0;
            double e2eSecs = 0;
            for (Row r : rows) {
                System.out.printf(Locale.ROOT, "%-12s %,10d %,16.0f %,16.0f %8.2f %12d%n", r.type().id(), r.docs(), r.rawRate(),
                        r.e2eRate(), r.e2eRate() / r.rawRate(), r.heapMb());
                docs += r.docs();
                rawSecs += r.docs() / r.rawRate();
                e2eSecs += r.docs() / r.e2eRate();
            }
            System.out.printf(Locale.ROOT, "%-12s %,10d %,16.0f %,16.0f %8.2f%n", "all", docs, docs / rawSecs, docs / e2eSecs,
                    rawSecs / e2eSecs);
            System.out.println("target: end to end >= 0.8 of the raw bulk rate; job heap: peak of the (in-process) MiniCluster's JVM"
                    + " heap during the job, garbage included");
            return 0;
        } finally {
            deleteTree(work);
        }
    }

    private static Row measure(LogType t, int total, int objects, S3Client s3c, AwsSettings aws, OpenSearchClient client,
                               OpenSearchSettings oss) throws Exception {
        String bucket = "bench-" + t.id();
        s3c.createBucket(b -> b.bucket(bucket));
        SampleGenerator gen = BenchMain.generator(t);
        List<byte[]> files = new ArrayList<>();
        String prefix = "AWSLogs/111122223333/" + switch (t) {
            case CLOUDTRAIL -> "CloudTrail";
            case VPCFLOW -> "vpcflowlogs";
            case ELB -> "elasticloadbalancing";
        } + "/us-east-1/2025/01/01/";
        for (int i = 0; i < objects; i++) {
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            gen.write(plain, total / objects, 100 + i);
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
                plain.writeTo(z);
            }
            files.add(gz.toByteArray());
            String key = prefix + "object-" + i + ".gz";
            s3c.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(files.get(files.size() - 1)));
        }

        // The same final documents, made by the parsers directly, for the raw bulk baseline.
        IndexNames rawNames = names("raw-" + t.id());
        List<IndexAction> actions = new ArrayList<>();
        Dispatcher d = new Dispatcher(new Parsers(ParserOptions.defaults()), t);
        for (byte[] f : files) {
            CollectingSink sink = new CollectingSink();
            d.parseObject(new ByteArrayInputStream(f), SourceRef.of("bench"), sink);
            for (Event e : sink.events) {
                actions.add(new IndexAction(rawNames.events(t, e.timestamp()), e.id(), EventJson.toBytes(e)));
            }
        }
        long docs = actions.stream().map(a -> a.id).distinct().count();
        IndexNames e2eNames = names("e2e-" + t.id());
        for (IndexNames n : List.of(rawNames, e2eNames)) {
            new IndexSetup(client, new IndexSetup.Settings(1, 0, "5s", "bench-" + n.prefix(t), n, n.deadLetterPrefix(),
                    n.deadLetterPrefix().replace("-deadletter", "-findings"), 0)).install();
        }
        System.err.printf("%s: %,d documents in %d objects (%.1f MB gzip)%n", t.id(), docs, objects,
                files.stream().mapToLong(b -> b.length).sum() / 1e6);

        // Raw bulk: one client, the sink's defaults (same batch size and requests in flight).
        long t0 = System.nanoTime();
        BulkIndexer bulk = new BulkIndexer(client, BulkSettings.defaults(), new DeadLetterDocs(rawNames), new BulkIndexer.Listener() {
        });
        for (IndexAction a : actions) {
            bulk.add(a);
        }
        bulk.flush();
        awaitCount(client, rawNames.prefix(t) + "-*", docs);
        double rawSecs = (System.nanoTime() - t0) / 1e9;
        actions.clear();
        // Dropping the raw indices stops their background merges, which would otherwise steal CPU from the job.
        client.send("DELETE", "/" + rawNames.prefix(t) + "-*", (byte[]) null);
        System.gc();

        // End to end: the job reads the objects from S3 and indexes them.
        resetPeaks();
        long t1 = System.nanoTime();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, new Configuration());
        SiemJob.Settings s = new SiemJob.Settings(Duration.ofSeconds(10), 2, e2eNames);
        SiemJob.configure(env, s);
        SourceConfig source = SourceConfig.parse("bench", "s3://" + bucket + "/" + prefix);
        SiemJob.build(env, List.of(Sources.objects(new S3ObjectStore(aws), source, ParserOptions.defaults(), 1L << 32)),
                () -> new OpenSearchSink(oss, BulkSettings.defaults(), e2eNames), s, false);
        env.execute("bench-e2e-" + t.id());
        awaitCount(client, e2eNames.prefix(t) + "-*", docs);
        double e2eSecs = (System.nanoTime() - t1) / 1e9;
        long heap = peakHeap() >> 20;
        client.send("DELETE", "/" + e2eNames.prefix(t) + "-*", (byte[]) null);
        return new Row(t, docs, docs / rawSecs, docs / e2eSecs, heap);
    }

    /** A first bulk load, so that the first measured type does not pay for a cold OpenSearch. */
    private static void warmUp(OpenSearchClient client) throws Exception {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        BenchMain.generator(LogType.VPCFLOW).write(plain, 50_000, 1);
        CollectingSink sink = new CollectingSink();
        new Dispatcher(new Parsers(ParserOptions.defaults()), LogType.VPCFLOW)
                .parseObject(new ByteArrayInputStream(plain.toByteArray()), SourceRef.of("warmup"), sink);
        BulkIndexer bulk = new BulkIndexer(client, BulkSettings.defaults(), new DeadLetterDocs(names("warmup")),
                new BulkIndexer.Listener() {
                });
        for (Event e : sink.events) {
            bulk.add(new IndexAction("warmup", e.id(), EventJson.toBytes(e)));
        }
        bulk.flush();
        client.send("DELETE", "/warmup", (byte[]) null);
    }

    private static IndexNames names(String prefix) {
        Map<LogType, String> m = new EnumMap<>(LogType.class);
        for (LogType t : LogType.values()) {
            m.put(t, prefix + "-" + t.indexPrefix());
        }
        return new IndexNames(IndexNames.Granularity.DAY, m, prefix + "-deadletter");
    }

    /** Searchable: a refresh, then the count. */
    private static void awaitCount(OpenSearchClient c, String pattern, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            c.send("POST", "/" + pattern + "/_refresh", (byte[]) null);
            String body = c.send("GET", "/" + pattern + "/_count", (byte[]) null).text();
            long n = Long.parseLong(body.replaceAll(".*\"count\":(\\d+).*", "$1"));
            if (n >= expected) {
                if (n > expected) {
                    throw new IllegalStateException(pattern + " holds " + n + " documents, expected " + expected);
                }
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pattern + " reached only " + n + " of " + expected + " documents");
            }
            Thread.sleep(200);
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static void deleteTree(Path p) {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (Exception e) {
            // best effort
        }
    }
}
