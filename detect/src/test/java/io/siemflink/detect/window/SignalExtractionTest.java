package io.siemflink.detect.window;

import static io.siemflink.detect.window.Logs.alb;
import static io.siemflink.detect.window.Logs.apiCall;
import static io.siemflink.detect.window.Logs.consoleLogin;
import static io.siemflink.detect.window.Logs.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.event.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** One view per event shared by the rules of its family gives what each rule gives on its own view. */
class SignalExtractionTest {
    private static List<Event> mixedEvents() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(consoleLogin(i, "198.51.100." + i, "user" + i, i % 3 == 0));
            events.add(flow(i, "198.51.100." + i, "10.0.1." + i, 20 + i, i % 2 == 0 ? "REJECT" : "ACCEPT", 40 + i));
            events.add(flow(i, "10.0.3." + i, "203.0.113." + i, 443, "ACCEPT", 1000L * i)); // egress (0 bytes once)
            events.add(flow(i, "10.0.3." + i, "10.0.4." + i, 22, "REJECT", 50)); // internal
            events.add(alb(i, "192.0.2." + i, "/p" + i, new int[] {200, 404, 503, 301, 403, 500}[i]));
            events.add(apiCall(i, "user" + i, "ssm.amazonaws.com", "GetParameters", "{\"names\":[\"/a" + i
                    + "\",\"/b\"],\"withDecryption\":" + (i % 2 == 0) + "}"));
            events.add(apiCall(i, "user" + i, "ec2.amazonaws.com", i % 2 == 0 ? "GetPasswordData" : "DescribeInstanceAttribute",
                    "{\"instanceId\":\"i-0" + i + "\",\"attribute\":\"" + (i % 3 == 0 ? "userData" : "kernel") + "\"}"));
        }
        return events;
    }

    private static String describe(Signal s) {
        return s.partitionKey() + "|" + s.time + "|" + s.ref + "|" + s.value + "|" + s.amount + "|" + s.success + "|"
                + s.ip + "|" + s.user + "|" + s.account;
    }

    @Test
    void sharedViewGivesWhatEachRuleGivesAlone() {
        List<WindowRule> rules = BuiltinRules.configured(DetectionSettings.defaults());
        SignalExtraction extraction = new SignalExtraction(rules);
        List<Event> events = mixedEvents();
        Collections.shuffle(events, new Random(3)); // families interleaved: nothing read for one event leaks
        List<String> shared = new ArrayList<>();
        List<String> alone = new ArrayList<>();
        for (Event e : events) {
            extraction.extract(e, s -> shared.add(describe(s)), ex -> {
                throw ex;
            });
            for (WindowRule r : rules) {
                r.extractor().extract(SignalView.of(e), r.id(), s -> alone.add(describe(s)));
            }
        }
        assertThat(shared).isEqualTo(alone);
        // Every event rule met an event it turns into a signal.
        assertThat(shared.stream().map(x -> x.substring(0, x.indexOf('\u0000'))).distinct())
                .containsExactlyInAnyOrderElementsOf(BuiltinRules.eventRules(DetectionSettings.defaults()).stream()
                        .map(WindowRule::id).toList());
    }

    @Test
    void theViewReadsWhatTheEventHolds() {
        SignalView v = SignalView.of(flow(0, "198.51.100.7", "10.0.1.5", 22, "REJECT", 40));
        assertThat(v.sourceIp()).isEqualTo("198.51.100.7");
        assertThat(v.sourceInternal()).isFalse();
        assertThat(v.destinationInternal()).isTrue();
        assertThat(v.destinationPort()).isEqualTo(22L);
        assertThat(v.sourceBytes()).isEqualTo(40L);
        assertThat(v.action()).isEqualTo("REJECT");
        assertThat(v.time()).isEqualTo(Logs.T0 * 1000);
        assertThat(v.user()).isNull();
        v.reset(alb(0, "10.0.0.9", "/x", 404));
        assertThat(v.sourceIp()).isEqualTo("10.0.0.9");
        assertThat(v.sourceInternal()).isTrue();
        assertThat(v.destinationPort()).isNull();
        assertThat(v.status()).isEqualTo(404L);
        assertThat(v.path()).isEqualTo("/x");
        assertThat(v.loadBalancer()).isEqualTo("app/shop-prod-alb/4f1b2c3d4e5f6a7b");
    }

    @Test
    void everyAccessorEqualsWhatEventGetFinds() {
        List<Event> events = mixedEvents();
        SignalView v = new SignalView();
        for (Event e : events) {
            v.reset(e);
            assertThat(v.action()).isEqualTo(e.getString(SignalView.ACTION));
            assertThat(v.outcome()).isEqualTo(e.getString(SignalView.OUTCOME));
            assertThat(v.sourceIp()).isEqualTo(e.getString(SignalView.SOURCE_IP));
            assertThat(v.destinationIp()).isEqualTo(e.getString(SignalView.DEST_IP));
            assertThat(v.user()).isEqualTo(e.getString(SignalView.USER));
            assertThat(v.account()).isEqualTo(e.getString(SignalView.ACCOUNT));
            assertThat(v.path()).isEqualTo(e.getString(SignalView.PATH));
            assertThat(v.loadBalancer()).isEqualTo(e.getString(SignalView.ELB_NAME));
            assertThat(v.principal()).isEqualTo(e.getString(SignalView.PRINCIPAL));
            assertThat(v.requestParameters()).isEqualTo(e.getString(SignalView.REQUEST_PARAMETERS));
            assertThat(v.transport()).isEqualTo(e.getString(SignalView.TRANSPORT));
            assertThat(v.destinationPort()).isEqualTo(e.getLong(SignalView.DEST_PORT));
            assertThat(v.sourceBytes()).isEqualTo(e.getLong(SignalView.SOURCE_BYTES));
            assertThat(v.sourcePackets()).isEqualTo(e.getLong(SignalView.SOURCE_PACKETS));
            assertThat(v.status()).isEqualTo(e.getLong(SignalView.STATUS));
        }
        assertThat(SignalView.of(flow(0, "198.51.100.7", "10.0.1.5", 22, 6, "ACCEPT", 2, 120)))
                .satisfies(x -> assertThat(x.transport()).isEqualTo("tcp"))
                .satisfies(x -> assertThat(x.sourcePackets()).isEqualTo(2L));
    }

    @Test
    void aRuleThatThrowsIsReportedAndTheOthersStillRun() {
        WindowRule port = BuiltinRules.defaults().stream().filter(r -> r.id().equals(BuiltinRules.PORT_SCAN)).findFirst()
                .orElseThrow();
        WindowRule broken = new WindowRule("broken", "broken", "", port.severity(), List.of(), List.of(), "vpcflow",
                "ip", WindowRule.Kind.COUNT, 1, port.window(), "x", (v, r, out) -> {
                    throw new IllegalStateException("boom");
                });
        SignalExtraction extraction = new SignalExtraction(List.of(broken, port));
        List<Signal> signals = new ArrayList<>();
        List<RuntimeException> errors = new ArrayList<>();
        Consumer<RuntimeException> onError = errors::add;
        extraction.extract(flow(0, "198.51.100.7", "10.0.1.5", 22, "REJECT", 40), signals::add, onError);
        extraction.extract(consoleLogin(0, "198.51.100.7", "alice", false), signals::add, onError); // no rule reads it
        assertThat(errors).singleElement().satisfies(e -> assertThat(e).hasMessage("boom"));
        assertThat(signals).singleElement().satisfies(s -> assertThat(s.rule).isEqualTo(BuiltinRules.PORT_SCAN));
    }
}
