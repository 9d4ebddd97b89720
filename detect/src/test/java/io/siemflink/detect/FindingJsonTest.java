package io.siemflink.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Finding.Builder bruteForce() {
        return Finding.builder("console-login-brute-force", Ruleset.BUILTIN)
                .name("Console login brute force").severity(Severity.HIGH).family("cloudtrail")
                .entity("ip", "198.51.100.7").relatedIp("198.51.100.7").relatedUser("alice").relatedUser("alice")
                .techniques(List.of("T1110", "T1110")).tactics(List.of("credential-access"))
                .time(1_700_000_060_000L).time(1_700_000_000_000L).event("e1").event("e2").count(12)
                .account("111122223333").idKey("198.51.100.7|1700000000000");
    }

    @Test
    void documentIsAnEcsAlertTimedByItsLastEvent() throws Exception {
        Finding f = bruteForce().build();
        JsonNode doc = JSON.readTree(FindingJson.toJson(f));
        assertThat(doc.path("@timestamp").asText()).isEqualTo("2023-11-14T22:14:20.000Z");
        assertThat(doc.at("/event/kind").asText()).isEqualTo("alert");
        assertThat(doc.at("/event/start").asText()).isEqualTo("2023-11-14T22:13:20.000Z");
        assertThat(doc.at("/event/severity").asInt()).isEqualTo(4);
        assertThat(doc.at("/event/risk_score").asInt()).isEqualTo(73);
        assertThat(doc.at("/rule/ruleset").asText()).isEqualTo("builtin");
        assertThat(doc.at("/threat/technique/id").toString()).isEqualTo("[\"T1110\"]");
        assertThat(doc.at("/threat/tactic/name/0").asText()).isEqualTo("credential-access");
        assertThat(doc.at("/related/user").toString()).isEqualTo("[\"alice\"]");
        assertThat(doc.at("/finding/level").asText()).isEqualTo("high");
        assertThat(doc.at("/finding/count").asInt()).isEqualTo(12);
        assertThat(doc.at("/finding/event_ids").toString()).isEqualTo("[\"e1\",\"e2\"]");
        assertThat(doc.at("/cloud/account/id").asText()).isEqualTo("111122223333");
    }

    @Test
    void idDependsOnRuleAndKeyOnly() {
        Finding a = bruteForce().build();
        Finding b = bruteForce().event("e3").build();
        Finding c = bruteForce().idKey("other").build();
        assertThat(a.id).isEqualTo(b.id).hasSize(22);
        assertThat(c.id).isNotEqualTo(a.id);
    }

    @Test
    void eventIdsAreCappedButCountIsKept() {
        Finding.Builder b = Finding.builder("r", Ruleset.SIGMA).time(1).idKey("k");
        for (int i = 0; i < 250; i++) {
            b.event("e" + i);
        }
        Finding f = b.count(250).build();
        assertThat(f.eventIds).hasSize(Finding.MAX_EVENT_IDS);
        assertThat(f.count).isEqualTo(250);
    }

    @Test
    void aFindingNeedsAnIdKeyAndATime() {
        assertThatThrownBy(() -> Finding.builder("r", Ruleset.SIGMA).time(1).build()).hasMessageContaining("id key");
        assertThatThrownBy(() -> Finding.builder("r", Ruleset.SIGMA).idKey("k").build()).hasMessageContaining("event time");
    }
}
