package io.siemflink.enrich.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.siemflink.enrich.ElasticExpected;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommunityIdTest {
    /** The specification's baseline vectors (seed 0): TCP, UDP, SCTP, ICMP, ICMPv6 both ways, and a port-less protocol. */
    @Test
    void specBaseline() throws IOException {
        JsonNode vectors;
        try (InputStream in = getClass().getResourceAsStream("/community-id/baseline_deflt.json")) {
            vectors = ElasticExpected.JSON.readTree(in);
        }
        CommunityId c = new CommunityId();
        List<String> wrong = new ArrayList<>();
        for (JsonNode v : vectors) {
            String got = c.compute(IpAddr.parse(v.get("saddr").asText()), IpAddr.parse(v.get("daddr").asText()),
                    v.get("proto").asInt(), v.get("sport").asInt(-1), v.get("dport").asInt(-1));
            if (!v.get("communityid").asText().equals(got)) {
                wrong.add(v + " -> " + got);
            }
        }
        assertThat(vectors.size()).isEqualTo(23);
        assertThat(wrong).isEmpty();
    }

    /**
     * Elastic's VPC flow expected documents: every flow with a community_id, including mixed IPv4/IPv6 endpoints
     * and ICMP (whose type and code VPC flow logs leave as ports 0 and 0).
     */
    @Test
    void elasticVpcFlowDocuments() {
        CommunityId c = new CommunityId();
        int checked = 0;
        List<String> wrong = new ArrayList<>();
        for (ElasticExpected.Doc d : ElasticExpected.all()) {
            String expected = d.text("network.community_id");
            if (expected == null) {
                continue;
            }
            String got = c.compute(IpAddr.parse(d.text("source.ip")), IpAddr.parse(d.text("destination.ip")),
                    Integer.parseInt(d.text("network.iana_number")), Integer.parseInt(d.text("source.port")),
                    Integer.parseInt(d.text("destination.port")));
            checked++;
            if (!expected.equals(got)) {
                wrong.add(d + ": expected " + expected + ", got " + got);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(checked).isEqualTo(28);
    }

    @Test
    void invalidInputGivesNoId() {
        CommunityId c = new CommunityId();
        byte[] a = IpAddr.parse("10.0.0.1");
        byte[] b = IpAddr.parse("10.0.0.2");
        assertThat(c.compute(a, b, 6, -1, 80)).isNull();
        assertThat(c.compute(a, b, 17, 1, 70000)).isNull();
        assertThat(c.compute(a, b, 300, 1, 2)).isNull();
        assertThat(c.compute(a, b, 47, -1, -1)).startsWith("1:"); // GRE has no ports
    }
}
