package io.siemflink.pipeline.opensearch;

import static io.siemflink.pipeline.opensearch.TemplateFields.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siemflink.enrich.EnrichSettings;
import io.siemflink.enrich.Enricher;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Parsers;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.EventJson;
import io.siemflink.parsers.testing.TestPaths;
import io.siemflink.pipeline.local.TestOpenSearch;
import io.siemflink.pipeline.sink.IndexNames;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enriched documents (Elastic's pipeline-test inputs, parsed, enriched with the MaxMind test databases and a
 * threat-intel list) index into the templates on a real OpenSearch without a mapping error, and the enrichment
 * fields are queryable with their types: geo_distance on {@code source.geo.location}, terms on
 * {@code threat.enrichments.matched.atomic}, {@code network.community_id} and {@code cloud.account.name}.
 */
class EnrichedDocumentsIT {
    private static final String TAG = "enr" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);

    @Test
    void enrichedDocumentsIndexAndTheirFieldsAreQueryable(@TempDir Path tmp) throws Exception {
        Path fixtures = TestPaths.fixtures();
        Path intel = Files.createDirectories(tmp.resolve("intel"));
        Files.writeString(intel.resolve("list.txt"), "89.160.20.0/24\n81.2.69.142\n");
        EnrichSettings settings = EnrichSettings.builder().geoipDir(fixtures.resolve("geoip").toString())
                .intelDir(intel.toString()).accounts(Map.of("123456789010", "flow-account")).build();
        try (OpenSearchClient client = new OpenSearchClient(OpenSearchSettings.local(TestOpenSearch.get().url()));
             Enricher enricher = Enricher.open(settings)) {
            IndexNames names = new IndexNames(IndexNames.Granularity.NONE, Map.of(LogType.CLOUDTRAIL, TAG + "-cloudtrail",
                    LogType.VPCFLOW, TAG + "-vpcflow", LogType.ELB, TAG + "-elb"));
            new IndexSetup(client, new IndexSetup.Settings(1, 0, "1s", TAG, names, TAG + "-deadletter",
                    TAG + "-findings", 0)).install();

            Parsers parsers = new Parsers(ParserOptions.defaults());
            List<JsonNode> docs = new ArrayList<>();
            StringBuilder bulk = new StringBuilder();
            int id = 0;
            for (String[] f : new String[][] {{"vpcflow", "vpcflow/test-ecs-samples.log"},
                    {"vpcflow", "vpcflow/test-extra-samples.log"}, {"cloudtrail", "cloudtrail/test-console-login-json.log"},
                    {"elb", "elb_logs/test-alb.log"}}) {
                CollectingSink sink = new CollectingSink();
                try (InputStream in = Files.newInputStream(fixtures.resolve("elastic").resolve(f[1]))) {
                    parsers.get(LogType.fromName(f[0])).parse(in, SourceRef.of(f[1]), sink);
                }
                for (Event e : sink.events) {
                    enricher.enrich(e);
                    String json = EventJson.toJson(e);
                    docs.add(JSON.readTree(json));
                    ObjectNode action = JSON.createObjectNode();
                    action.putObject("index").put("_index", TAG + "-" + f[0]).put("_id", "d" + id++);
                    bulk.append(action).append('\n').append(json).append('\n');
                }
            }
            OpenSearchClient.Response r = client.send("POST", "/_bulk?refresh=true", bulk.toString());
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).path("errors").asBoolean()).as(r.text()).isFalse();

            // Expected counts come from the documents we sent.
            long nearLinkoping = docs.stream().filter(d -> d.path("source").path("geo").path("city_name").asText()
                    .equals("Linköping")).count();
            long intelHits = docs.stream().filter(d -> d.path("threat").path("enrichments").toString()
                    .contains("\"atomic\":\"81.2.69.142\"")).count();
            long named = docs.stream().filter(d -> d.path("cloud").path("account").path("name").asText()
                    .equals("flow-account")).count();
            String communityId = docs.stream().map(d -> d.path("network").path("community_id").asText(""))
                    .filter(s -> !s.isEmpty()).findFirst().orElseThrow();
            assertThat(nearLinkoping).isPositive();
            assertThat(intelHits).isPositive();
            assertThat(named).isPositive();

            String all = TAG + "-*";
            assertThat(search(client, all, "{\"query\":{\"geo_distance\":{\"distance\":\"20km\","
                    + "\"source.geo.location\":{\"lat\":58.41,\"lon\":15.62}}}}")).isEqualTo(nearLinkoping);
            assertThat(search(client, all, "{\"query\":{\"term\":{\"threat.enrichments.matched.atomic\":\"81.2.69.142\"}}}"))
                    .isEqualTo(intelHits);
            assertThat(search(client, all, "{\"query\":{\"term\":{\"cloud.account.name\":\"flow-account\"}}}"))
                    .isEqualTo(named);
            assertThat(search(client, all, "{\"query\":{\"term\":{\"network.community_id\":\"" + communityId + "\"}}}"))
                    .isPositive();
            // an ip field: a CIDR query on the matched indicators' addresses
            assertThat(search(client, all, "{\"query\":{\"term\":{\"threat.enrichments.indicator.ip\":\"81.2.69.0/24\"}}}"))
                    .isEqualTo(intelHits);
            assertThat(search(client, all, "{\"query\":{\"range\":{\"source.as.number\":{\"gte\":29518,\"lte\":29518}}}}"))
                    .isEqualTo(docs.stream().filter(d -> d.path("source").path("as").path("number").asLong() == 29518).count());
        }
    }

    private static long search(OpenSearchClient client, String index, String query) throws Exception {
        OpenSearchClient.Response r = client.send("POST", "/" + index + "/_search?track_total_hits=true&size=0", query);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return JSON.readTree(r.body()).path("hits").path("total").path("value").asLong(-1);
    }
}
