package io.siemflink.detect.window;

import static io.siemflink.detect.window.Logs.alb;
import static io.siemflink.detect.window.Logs.consoleLogin;
import static io.siemflink.detect.window.Logs.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.detect.Finding;
import io.siemflink.detect.Ruleset;
import io.siemflink.parsers.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorrelationTest {
    private static final String ATTACKER = "198.51.100.7";

    /** Port scan at minute 0, web probing at minute 10, console brute force at minute 20, all from one address. */
    static List<Event> scenario(String vpcSource, String webSource, String loginSource, long loginOffsetSeconds) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(flow(i, vpcSource, "10.0.1.5", 1000 + i, "REJECT", 40));
        }
        for (int i = 0; i < 60; i++) {
            events.add(alb(600 + i, webSource, "/probe" + i, 404));
        }
        for (int i = 0; i < 6; i++) {
            events.add(consoleLogin(loginOffsetSeconds + i * 10L, loginSource, "admin", false));
        }
        return events;
    }

    private static List<Finding> correlated(List<Event> events) {
        BatchDetector d = new BatchDetector(null, DetectionSettings.defaults());
        events.forEach(d::accept);
        return d.finish().stream().filter(f -> f.ruleset.equals(Ruleset.CORRELATION.id())).toList();
    }

    @Test
    void sameAddressInThreeSourcesRaisesTwoCorrelationsOfRisingScope() {
        List<Finding> c = correlated(scenario(ATTACKER, ATTACKER, ATTACKER, 1200));
        assertThat(c).hasSize(2);
        Finding two = c.get(0);
        Finding three = c.get(1);
        assertThat(two.entity).isEqualTo(ATTACKER);
        assertThat(two.entityType).isEqualTo("ip");
        assertThat(two.findingIds).hasSize(2);
        assertThat(three.findingIds).hasSizeGreaterThanOrEqualTo(3);
        assertThat(three.message).contains("3 log families");
        // Higher than the findings it joins (medium) by one level.
        assertThat(two.severity).isEqualTo("HIGH");
        assertThat(two.id).isNotEqualTo(three.id);
    }

    @Test
    void differentAddressesOrTooFarApartDoNotCorrelate() {
        assertThat(correlated(scenario(ATTACKER, "203.0.113.80", "192.0.2.99", 1200))).isEmpty();
        // The logins come two hours after the web probing: outside the one-hour window, only vpc+elb correlate.
        List<Finding> c = correlated(scenario(ATTACKER, ATTACKER, ATTACKER, 8400));
        assertThat(c).hasSize(1);
        assertThat(c.get(0).findingIds).hasSize(2);
    }
}
