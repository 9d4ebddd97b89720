package io.siemflink.pipeline.job;

import static io.siemflink.pipeline.job.PipelineHarness.count;
import static io.siemflink.pipeline.job.PipelineHarness.events;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.testing.TestPaths;
import io.siemflink.pipeline.local.LocalOpenSearch;
import io.siemflink.pipeline.local.TestOpenSearch;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import io.siemflink.pipeline.opensearch.OpenSearchSettings;
import io.siemflink.pipeline.sink.IndexNames;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What must not lose a record: documents OpenSearch refuses, and OpenSearch being away for a while. */
class JobFailuresIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void aDocumentOpenSearchRefusesGoesToTheDeadLetterIndexWhileTheRestIsIndexed() throws Exception {
        Path bucket = TestPaths.testData().resolve("bucket");
        CollectingSink truth = PipelineHarness.parseDirectly(bucket);
        OpenSearchSettings os = OpenSearchSettings.local(TestOpenSearch.get().url());
        OpenSearchClient client = new OpenSearchClient(os);
        IndexNames names = PipelineHarness.uniqueNames("refused");
        long redirects = truth.events.stream().filter(e -> e.type() == LogType.ELB && e.has(io.siemflink.parsers.event.Field.of("aws.elb.redirect_url"))).count();
        assertThat(redirects).isGreaterThan(0);
        // An index whose mapping cannot take a URL where it expects a number: those documents can never be indexed.
        String elbIndex = names.prefix(LogType.ELB) + "-2025-06-01";
        OpenSearchClient.Response created = client.send("PUT", "/" + elbIndex,
                "{\"mappings\":{\"properties\":{\"aws\":{\"properties\":{\"elb\":{\"properties\":{\"redirect_url\":{\"type\":\"long\"}}}}}}}}");
        assertThat(created.ok()).as(created.text()).isTrue();

        LocalBucketEndToEndIT.run(bucket, os, names, 2);

        assertThat(count(client, elbIndex)).isEqualTo(events(truth, LogType.ELB) - redirects);
        assertThat(count(client, names.prefix(LogType.VPCFLOW) + "-*")).isEqualTo(events(truth, LogType.VPCFLOW));
        assertThat(count(client, names.deadLetterPrefix() + "-*")).isEqualTo(truth.deadLetters.size() + redirects);
        JsonNode refused = PipelineHarness.search(client, names.deadLetterPrefix() + "-*",
                "{\"size\":100,\"query\":{\"term\":{\"deadletter.stage\":\"index\"}}}").path("hits").path("hits");
        assertThat(refused).hasSize((int) redirects).allSatisfy(h -> {
            JsonNode d = h.path("_source").path("deadletter");
            assertThat(d.path("reason_code").asText()).isEqualTo("mapper_parsing_exception");
            assertThat(d.path("target_index").asText()).isEqualTo(elbIndex);
            // The raw access-log line, a redirect: what the refused document was made from.
            assertThat(d.path("original").asText()).contains(" app/shop-prod-alb/").containsPattern(" 30[1278] ");
        });
    }

    @Test
    void whenOpenSearchIsAwayTheJobWaitsAndThenCatchesUpWithNothingLost() throws Exception {
        Path bucket = TestPaths.testData().resolve("bucket");
        CollectingSink truth = PipelineHarness.parseDirectly(bucket);
        int port = LocalOpenSearch.freePort();
        OpenSearchSettings os = OpenSearchSettings.local(URI.create("http://127.0.0.1:" + port));
        IndexNames names = PipelineHarness.uniqueNames("outage");
        Path data = Files.createTempDirectory("siemflink-os-outage-");
        data.toFile().setExecutable(true, false);
        // Nothing listens on the port when the job starts; the node comes up a few seconds later.
        Thread starter = new Thread(() -> {
            try {
                Thread.sleep(5000);
                LocalOpenSearch.start(Path.of(System.getProperty("opensearch.zip")),
                        Path.of(System.getProperty("java.io.tmpdir"), "siemflink-opensearch-install"), data, port, "512m");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        starter.start();
        try {
            LocalBucketEndToEndIT.run(bucket, os, names, 2);
            starter.join();
            OpenSearchClient client = new OpenSearchClient(os);
            for (LogType t : LogType.values()) {
                assertThat(count(client, names.prefix(t) + "-*")).as(t.id()).isEqualTo(events(truth, t));
            }
            assertThat(count(client, names.deadLetterPrefix() + "-*")).isEqualTo(truth.deadLetters.size());
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
