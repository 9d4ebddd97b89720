package io.siemflink.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siemflink.pipeline.local.LocalOpenSearch;
import io.siemflink.pipeline.local.TestOpenSearch;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import io.siemflink.pipeline.opensearch.OpenSearchSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BulkIndexerIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static IndexAction doc(String index, String id, String json) {
        IndexAction a = new IndexAction(index, id, json.getBytes(StandardCharsets.UTF_8));
        a.logType = "vpcflow";
        a.origin = "test";
        a.original = "raw line " + id;
        return a;
    }

    static long count(OpenSearchClient c, String index) throws Exception {
        c.send("POST", "/" + index + "/_refresh", (byte[]) null);
        JsonNode n = JSON.readTree(c.send("GET", "/" + index + "/_count", (byte[]) null).body());
        return n.path("count").asLong(-1);
    }

    @Test
    void indexesEverythingOnceAndDeadLettersWhatCanNeverBeIndexed() throws Exception {
        LocalOpenSearch os = TestOpenSearch.get();
        OpenSearchClient client = new OpenSearchClient(OpenSearchSettings.local(os.url()));
        String index = "bulk-it-" + System.nanoTime();
        client.send("PUT", "/" + index, "{\"mappings\":{\"properties\":{\"n\":{\"type\":\"long\"}}}}");
        AtomicInteger indexed = new AtomicInteger();
        AtomicInteger deadLettered = new AtomicInteger();
        AtomicInteger dlIndexed = new AtomicInteger();
        IndexNames names = new IndexNames(IndexNames.Granularity.NONE, java.util.Map.of());
        BulkSettings small = new BulkSettings(100, 1 << 20, Duration.ofSeconds(1), 2, Duration.ofMillis(10), Duration.ofMillis(200), 3);
        BulkIndexer indexer = new BulkIndexer(client, small, new DeadLetterDocs(names), new BulkIndexer.Listener() {
            @Override
            public void indexed(int documents, int dl) {
                indexed.addAndGet(documents);
                dlIndexed.addAndGet(dl);
            }

            @Override
            public void deadLettered(int documents) {
                deadLettered.addAndGet(documents);
            }
        });
        for (int i = 0; i < 1000; i++) {
            // Document 500 cannot be indexed: "n" is a long.
            indexer.add(doc(index, "d" + i, i == 500 ? "{\"n\":\"not a number\"}" : "{\"n\":" + i + "}"));
        }
        // Twice the same ids: a replay overwrites.
        for (int i = 0; i < 100; i++) {
            indexer.add(doc(index, "d" + i, "{\"n\":" + i + "}"));
        }
        indexer.flush();
        assertThat(indexed.get()).isEqualTo(1099);
        assertThat(deadLettered.get()).isEqualTo(1);
        assertThat(dlIndexed.get()).isEqualTo(1);
        assertThat(count(client, index)).isEqualTo(999);
        String dlIndex = IndexNames.DEAD_LETTER_PREFIX;
        client.send("POST", "/" + dlIndex + "/_refresh", (byte[]) null);
        JsonNode hits = JSON.readTree(client.send("POST", "/" + dlIndex + "/_search",
                "{\"query\":{\"term\":{\"deadletter.document_id\":\"d500\"}}}").body()).path("hits").path("hits");
        assertThat(hits).hasSize(1);
        JsonNode dl = hits.get(0).path("_source").path("deadletter");
        assertThat(dl.path("stage").asText()).isEqualTo("index");
        assertThat(dl.path("reason_code").asText()).isEqualTo("mapper_parsing_exception");
        assertThat(dl.path("original").asText()).isEqualTo("raw line d500");
        assertThat(dl.path("target_index").asText()).isEqualTo(index);
    }

    @Test
    void waitsForOpenSearchToComeBackAndLosesNothing() throws Exception {
        // Nothing listens on this port until the node below starts: requests fail, the indexer keeps retrying.
        int port = LocalOpenSearch.freePort();
        OpenSearchClient client = new OpenSearchClient(OpenSearchSettings.local(java.net.URI.create("http://127.0.0.1:" + port)));
        BulkSettings s = new BulkSettings(50, 1 << 20, Duration.ofSeconds(1), 2, Duration.ofMillis(50), Duration.ofMillis(500), 3);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger indexed = new AtomicInteger();
        BulkIndexer indexer = new BulkIndexer(client, s, new DeadLetterDocs(IndexNames.daily()), new BulkIndexer.Listener() {
            @Override
            public void requestFailed() {
                failures.incrementAndGet();
            }

            @Override
            public void indexed(int documents, int dl) {
                indexed.addAndGet(documents);
            }
        });
        java.nio.file.Path data = java.nio.file.Files.createTempDirectory("siemflink-os-late-");
        data.toFile().setExecutable(true, false);
        Thread starter = new Thread(() -> {
            try {
                Thread.sleep(1500);
                LocalOpenSearch.start(java.nio.file.Path.of(System.getProperty("opensearch.zip")),
                        java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "siemflink-opensearch-install"), data, port, "512m");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        starter.start();
        try {
            for (int i = 0; i < 300; i++) {
                indexer.add(doc("late-" + port, "x" + i, "{\"n\":" + i + "}"));
            }
            indexer.flush();
            starter.join();
            assertThat(failures.get()).isGreaterThan(0);
            assertThat(indexed.get()).isEqualTo(300);
            assertThat(count(client, "late-" + port)).isEqualTo(300);
        } finally {
            starter.join();
            LocalOpenSearch.attach(data).ifPresent(n -> {
                try {
                    n.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }
}
