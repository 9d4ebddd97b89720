package io.siemflink.enrich.ua;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.siemflink.enrich.ElasticExpected;
import io.siemflink.enrich.EnrichStats;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.EventJson;
import io.siemflink.parsers.testing.Conformance;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every user agent in Elastic's expected documents parses into Elastic's user_agent.* fields. */
class UserAgentEnricherTest {

    @Test
    void elasticsUserAgentFields() throws IOException {
        EnrichStats stats = new EnrichStats();
        UserAgentEnricher enricher = new UserAgentEnricher(100, stats);
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (ElasticExpected.Doc d : ElasticExpected.all()) {
            String ua = d.text("user_agent.original");
            if (ua == null || ua.equals("-") || !d.fields().containsKey("user_agent.name")) {
                continue; // "-" is absent in our documents; Filebeat-era files did not parse agents
            }
            Event e = new Event(LogType.ELB);
            e.put("user_agent.original", ua);
            enricher.enrich(e);
            Map<String, JsonNode> exp = userAgent(d.fields());
            ElasticExpected.REGEX_VERSION_DEVIATIONS.getOrDefault(ua, Map.of()).forEach((k, v) -> exp.put(k, TextNode.valueOf(v)));
            Map<String, JsonNode> act = userAgent(Conformance.flatten(ElasticExpected.JSON.readTree(EventJson.toJson(e))));
            compared++;
            if (!exp.equals(act)) {
                mismatches.add(d + ": expected " + exp + ", got " + act);
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(compared).isGreaterThanOrEqualTo(14);
        assertThat(stats.userAgentCacheHits).isPositive();
    }

    @Test
    void unknownAgentsAreOtherAndOverlongOnesAreLeftAlone() {
        EnrichStats stats = new EnrichStats();
        UserAgentEnricher enricher = new UserAgentEnricher(10, stats);
        Event e = new Event(LogType.ELB);
        e.put("user_agent.original", "Hello, world");
        enricher.enrich(e);
        assertThat(e.toMap()).containsEntry("user_agent.name", "Other").containsEntry("user_agent.device.name", "Other")
                .doesNotContainKeys("user_agent.version", "user_agent.os.name");
        Event longOne = new Event(LogType.ELB);
        longOne.put("user_agent.original", "Mozilla/5.0 " + "x".repeat(UserAgentEnricher.MAX_LENGTH));
        enricher.enrich(longOne);
        assertThat(longOne.size()).isEqualTo(1);
        assertThat(stats.errors).isEqualTo(1);
        assertThat(stats.userAgentsParsed).isEqualTo(1);
    }

    private static Map<String, JsonNode> userAgent(Map<String, JsonNode> doc) {
        Map<String, JsonNode> m = new TreeMap<>();
        doc.forEach((k, v) -> {
            if (k.startsWith("user_agent.")) {
                m.put(k, v);
            }
        });
        return m;
    }
}
