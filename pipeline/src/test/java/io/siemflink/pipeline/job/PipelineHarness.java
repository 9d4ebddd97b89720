package io.siemflink.pipeline.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.Dispatcher;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Parsers;
import io.siemflink.parsers.SourceRef;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import io.siemflink.pipeline.sink.IndexNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Shared helpers of the end-to-end tests: unique index names, counts in OpenSearch, and expected counts. */
final class PipelineHarness {
    static final ObjectMapper JSON = new ObjectMapper();

    private PipelineHarness() {
    }

    /** Index names unique to one test, so tests share one OpenSearch without seeing each other's documents. */
    static IndexNames uniqueNames(String test) {
        String p = test.toLowerCase() + "-" + Long.toString(System.nanoTime(), 36) + "-";
        Map<LogType, String> m = new EnumMap<>(LogType.class);
        for (LogType t : LogType.values()) {
            m.put(t, p + t.indexPrefix());
        }
        return new IndexNames(IndexNames.Granularity.DAY, m, p + IndexNames.DEAD_LETTER_PREFIX, p + IndexNames.FINDINGS_PREFIX);
    }

    static long count(OpenSearchClient c, String pattern) throws IOException, InterruptedException {
        c.send("POST", "/" + pattern + "/_refresh?ignore_unavailable=true&allow_no_indices=true", (byte[]) null);
        OpenSearchClient.Response r = c.send("GET", "/" + pattern + "/_count?ignore_unavailable=true&allow_no_indices=true", (byte[]) null);
        JsonNode n = JSON.readTree(r.body());
        if (!n.has("count")) {
            throw new IOException("count of " + pattern + " failed: " + r.text());
        }
        return n.get("count").asLong();
    }

    /**
     * Index operations the primaries of a pattern performed (since the node started): equal to the document count
     * when every document was written exactly once, larger by the number of overwrites.
     */
    static long indexOperations(OpenSearchClient c, String pattern) throws IOException, InterruptedException {
        c.send("POST", "/" + pattern + "/_refresh?ignore_unavailable=true&allow_no_indices=true", (byte[]) null);
        OpenSearchClient.Response r = c.send("GET", "/" + pattern + "/_stats/indexing", (byte[]) null);
        JsonNode n = JSON.readTree(r.body()).path("_all").path("primaries").path("indexing").path("index_total");
        if (!n.isNumber()) {
            throw new IOException("index stats of " + pattern + " failed: " + r.text());
        }
        return n.asLong();
    }

    static JsonNode search(OpenSearchClient c, String pattern, String body) throws IOException, InterruptedException {
        c.send("POST", "/" + pattern + "/_refresh", (byte[]) null);
        return JSON.readTree(c.send("POST", "/" + pattern + "/_search", body).body());
    }

    /** What the parsers make of a bucket-shaped directory, per type: the ground truth for document counts. */
    static CollectingSink parseDirectly(Path bucket) throws IOException {
        Dispatcher d = new Dispatcher(new Parsers(ParserOptions.defaults()), null);
        CollectingSink sink = new CollectingSink();
        List<Path> files;
        try (Stream<Path> s = Files.walk(bucket)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                d.parseObject(in, new SourceRef(f.toString(), bucket.relativize(f).toString().replace('\\', '/')), sink);
            }
        }
        return sink;
    }

    /** The job's accumulators (kept in checkpoints, so exact across restores): read = events + dead letters + skipped. */
    record Totals(long read, long events, long deadLetters, long skipped) {
        static Totals of(Map<String, Object> accumulators) {
            return new Totals(get(accumulators, ToIndexActions.ACC_READ), get(accumulators, ToIndexActions.ACC_EVENTS),
                    get(accumulators, ToIndexActions.ACC_DEAD_LETTERS), get(accumulators, ToIndexActions.ACC_SKIPPED));
        }

        static Totals of(org.apache.flink.api.common.JobExecutionResult r) {
            return of(r.getAllAccumulatorResults());
        }

        static Totals of(CollectingSink truth) {
            return new Totals(truth.total(), truth.events.size(), truth.deadLetters.size(), truth.skips.size());
        }

        private static long get(Map<String, Object> m, String name) {
            Object v = m.get(name);
            return v == null ? 0 : ((Number) v).longValue();
        }

        Totals plus(Totals o) {
            return new Totals(read + o.read, events + o.events, deadLetters + o.deadLetters, skipped + o.skipped);
        }

        boolean addsUp() {
            return read == events + deadLetters + skipped;
        }

        String line(String scenario) {
            return String.format("%s: read %d = events %d + dead-lettered %d + skipped %d", scenario, read, events,
                    deadLetters, skipped);
        }
    }

    static long events(CollectingSink s, LogType t) {
        return s.events.stream().filter(e -> e.type() == t).map(e -> e.id()).distinct().count();
    }
}
