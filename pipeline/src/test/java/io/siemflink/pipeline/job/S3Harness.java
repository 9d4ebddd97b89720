package io.siemflink.pipeline.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.Dispatcher;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Parsers;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.EventJson;
import io.siemflink.parsers.event.JsonBuffer;
import io.siemflink.parsers.testing.TestPaths;
import io.siemflink.pipeline.config.SourceConfig;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Helpers shared by the S3 ITs: extra objects, ground truth per object, every document of an index pattern. */
final class S3Harness {
    static final String ACCOUNT_PREFIX = "AWSLogs/111122223333/";
    /** A VPC flow object of more records than the reader's handover queue holds (4096): it must block and resume. */
    static final String LARGE_VPC = ACCOUNT_PREFIX
            + "vpcflowlogs/us-east-1/2025/08/21/111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20250821T0900Z_big00001.log.gz";
    /** An ELB object stored as plain text (no gzip), records of another day than the sample's. */
    static final String PLAIN_ELB = ACCOUNT_PREFIX
            + "elasticloadbalancing/us-east-1/2025/06/02/111122223333_elasticloadbalancing_us-east-1_app.shop-prod-alb.4f1b2c3d4e5f6a7b_20250602T1000Z_10.0.1.5_plain001.log";
    static final String SAMPLE_ELB = ACCOUNT_PREFIX
            + "elasticloadbalancing/us-east-1/2025/06/01/111122223333_elasticloadbalancing_us-east-1_app.shop-prod-alb.4f1b2c3d4e5f6a7b_20250601T1000Z_10.0.1.5_2k3j4h5g.log.gz";

    private S3Harness() {
    }

    static Path sampleBucket() {
        return TestPaths.testData().resolve("bucket");
    }

    /** test-data/bucket copied to {@code dir}, plus {@link #LARGE_VPC} ({@code largeLines} records) and {@link #PLAIN_ELB}. */
    static Path sampleWithExtras(Path dir, int largeLines) throws IOException {
        Path src = sampleBucket();
        try (Stream<Path> s = Files.walk(src)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Path to = dir.resolve(src.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        write(dir.resolve(LARGE_VPC), gzip(vpcFlowLines(largeLines, 1755766800L)));
        write(dir.resolve(PLAIN_ELB), plainElb());
        return dir;
    }

    static void write(Path p, byte[] bytes) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }

    /** A default-format VPC flow log of {@code n} distinct records (ids differ), header first. */
    static byte[] vpcFlowLines(int n, long startEpoch) {
        StringBuilder b = new StringBuilder(n * 110);
        b.append("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n");
        for (int i = 0; i < n; i++) {
            long start = startEpoch + i / 10;
            b.append("2 123456789012 eni-0b1c2d3e4f5a6b7c8 10.1.").append(i / 250 % 250).append('.').append(i % 250 + 1)
                    .append(" 203.0.113.").append(i % 200 + 1).append(' ').append(1024 + i % 60000).append(" 443 6 ")
                    .append(1 + i % 97).append(' ').append(40 + i * 13L % 100_000).append(' ').append(start).append(' ')
                    .append(start + 30).append(i % 11 == 0 ? " REJECT OK\n" : " ACCEPT OK\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The sample's first ELB object, decompressed and moved one day on (so its records are new documents). */
    static byte[] plainElb() throws IOException {
        String text;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(sampleBucket().resolve(SAMPLE_ELB)))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return text.replace("2025-06-01T", "2025-06-02T").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** What the parsers make of one object's bytes under this key (the ground truth of that object). */
    static CollectingSink parse(String key, byte[] bytes) throws IOException {
        CollectingSink sink = new CollectingSink();
        new Dispatcher(new Parsers(ParserOptions.defaults()), null).parseObject(new ByteArrayInputStream(bytes),
                new SourceRef(key, key), sink);
        return sink;
    }

    /** An S3 source config: bucket, prefixes, bounded or watching. */
    static SourceConfig s3Source(String name, String bucket, List<String> prefixes, boolean watch, Duration interval) {
        return new SourceConfig(name, SourceConfig.Kind.S3, bucket, prefixes, null, watch, interval, Duration.ofHours(1),
                null, null, null, null);
    }

    /** The documents the parsed events must become, by id (as the job writes them). */
    static Map<String, JsonNode> expectedDocs(CollectingSink truth, LogType type) throws IOException {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        JsonBuffer buf = new JsonBuffer(16 * 1024);
        for (Event e : truth.events) {
            if (e.type() == type) {
                buf.reset();
                EventJson.write(e, buf);
                m.put(e.id(), PipelineHarness.JSON.readTree(buf.toByteArray()));
            }
        }
        return m;
    }

    /** A document as stored: its index, version and source. */
    record Doc(String index, long version, JsonNode source) {
    }

    /** Every document of an index pattern (at most 10,000), by id, with versions. */
    static Map<String, Doc> allDocs(OpenSearchClient c, String pattern) throws IOException, InterruptedException {
        JsonNode hits = PipelineHarness.search(c, pattern,
                "{\"size\":10000,\"version\":true,\"track_total_hits\":true,\"query\":{\"match_all\":{}}}").path("hits");
        if (hits.path("total").path("value").asLong() > 10_000) {
            throw new IllegalStateException("too many documents in " + pattern + " for one page");
        }
        Map<String, Doc> m = new HashMap<>();
        for (JsonNode h : hits.path("hits")) {
            m.put(h.path("_id").asText(), new Doc(h.path("_index").asText(), h.path("_version").asLong(), h.path("_source")));
        }
        return m;
    }

    /** Number of documents among {@code ids} present in the pattern (after a refresh). */
    static long countIds(OpenSearchClient c, String pattern, java.util.Collection<String> ids) throws IOException, InterruptedException {
        c.send("POST", "/" + pattern + "/_refresh?ignore_unavailable=true&allow_no_indices=true", (byte[]) null);
        StringBuilder q = new StringBuilder("{\"query\":{\"ids\":{\"values\":[");
        boolean first = true;
        for (String id : ids) {
            q.append(first ? "" : ",").append('"').append(id).append('"');
            first = false;
        }
        q.append("]}}}");
        OpenSearchClient.Response r = c.send("POST", "/" + pattern + "/_count?ignore_unavailable=true&allow_no_indices=true",
                q.toString());
        JsonNode n = PipelineHarness.JSON.readTree(r.body());
        if (!n.has("count")) {
            throw new IOException("count of ids in " + pattern + " failed: " + r.text());
        }
        return n.get("count").asLong();
    }

    /** Polls until the condition holds, or fails after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** A count that turns IO failures into -1 (for polling). */
    static long countQuietly(OpenSearchClient c, String pattern) {
        try {
            return PipelineHarness.count(c, pattern);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
