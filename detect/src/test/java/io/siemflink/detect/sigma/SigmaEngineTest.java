package io.siemflink.detect.sigma;

import static io.siemflink.detect.sigma.TestRules.alb;
import static io.siemflink.detect.sigma.TestRules.cloudtrail;
import static io.siemflink.detect.sigma.TestRules.vpc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siemflink.detect.Finding;
import io.siemflink.detect.FindingJson;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.LogParser;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.cloudtrail.CloudTrailParser;
import io.siemflink.parsers.elb.ElbParser;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.testing.TestPaths;
import io.siemflink.parsers.vpcflow.VpcFlowParser;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine: findings as documents, deterministic ids, and an index that never changes what matches. */
class SigmaEngineTest {
    private static final SigmaEngine BUNDLED = SigmaEngine.bundled();

    private static List<Finding> run(SigmaEngine engine, Event e) {
        List<Finding> out = new ArrayList<>();
        engine.evaluate(e, out::add);
        return out;
    }

    private static Event stopLogging(String id) {
        return cloudtrail("\"eventID\":\"" + id + "\",\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventName\":\"StopLogging\","
                + "\"sourceIPAddress\":\"198.51.100.7\",\"userAgent\":\"aws-cli/2.15\","
                + "\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"mallory\",\"accountId\":\"111122223333\","
                + "\"arn\":\"arn:aws:iam::111122223333:user/mallory\"},\"requestParameters\":{\"name\":\"main\"}");
    }

    @Test
    void aMatchBecomesAnEcsAlertWithTheRulesAttribution() throws Exception {
        Event e = stopLogging("ev-1");
        List<Finding> fs = run(BUNDLED, e);
        assertThat(fs).extracting(f -> f.ruleName).containsExactly("AWS CloudTrail Important Change");
        Finding f = fs.get(0);
        assertThat(f.ruleId).isEqualTo("4db60cc0-36fb-42b7-9b58-a5b53019fb74");
        assertThat(f.ruleset).isEqualTo("sigma");
        assertThat(f.severity).isEqualTo("MEDIUM");
        assertThat(f.family).isEqualTo("cloudtrail");
        assertThat(f.count).isEqualTo(1);
        assertThat(f.eventIds).containsExactly(e.id());
        assertThat(f.start).isEqualTo(f.end).isEqualTo(e.timestamp().toEpochMilli());
        assertThat(f.relatedIps).containsExactly("198.51.100.7");
        assertThat(f.relatedUsers).containsExactly("mallory");
        assertThat(f.entityType).isEqualTo("user");
        assertThat(f.entity).isEqualTo("mallory");
        assertThat(f.account).isEqualTo("111122223333");
        assertThat(f.techniques).containsExactly("T1685.002");
        assertThat(f.tactics).containsExactly("defense-impairment");
        assertThat(f.author).isEqualTo("vitaliy0x1");
        assertThat(f.license).isEqualTo("DRL-1.1");
        assertThat(f.references).isNotEmpty();
        assertThat(f.message).isEqualTo("AWS CloudTrail Important Change: event.action=StopLogging "
                + "event.provider=cloudtrail.amazonaws.com user.name=mallory "
                + "aws.cloudtrail.user_identity.arn=arn:aws:iam::111122223333:user/mallory source.address=198.51.100.7");

        JsonNode doc = new ObjectMapper().readTree(FindingJson.toJson(f));
        assertThat(doc.at("/event/kind").asText()).isEqualTo("alert");
        assertThat(doc.at("/rule/ruleset").asText()).isEqualTo("sigma");
        assertThat(doc.at("/rule/author").asText()).isEqualTo("vitaliy0x1");
        assertThat(doc.at("/threat/technique/id/0").asText()).isEqualTo("T1685.002");
        assertThat(doc.at("/finding/event_ids/0").asText()).isEqualTo(e.id());
        assertThat(doc.at("/@timestamp").asText()).isEqualTo("2024-05-01T12:00:00.000Z");
    }

    @Test
    void findingIdsAreTheSameOnReplayAndDifferPerEventAndRule() {
        String a = run(BUNDLED, stopLogging("ev-1")).get(0).id;
        assertThat(run(BUNDLED, stopLogging("ev-1")).get(0).id).isEqualTo(a);
        assertThat(run(BUNDLED, stopLogging("ev-2")).get(0).id).isNotEqualTo(a);
        // The same id the shared finding builder gives for this rule and event.
        Finding viaBuilder = Finding.builder("4db60cc0-36fb-42b7-9b58-a5b53019fb74", io.siemflink.detect.Ruleset.SIGMA)
                .idKey(stopLogging("ev-1").id()).time(0).build();
        assertThat(a).isEqualTo(viaBuilder.id);
        SigmaRule other = TestRules.ct("sel:\n  eventName: StopLogging\ncondition: sel");
        assertThat(run(new SigmaEngine(List.of(other)), stopLogging("ev-1")).get(0).id).isNotEqualTo(a);
    }

    @Test
    void shippedWebAndFirewallRulesFireOnAccessLogsAndFlows() {
        assertThat(run(BUNDLED, alb("GET http://shop.example.com:80/items?id=1%20UNION%20SELECT%20password HTTP/1.1",
                "sqlmap/1.7", 200))).extracting(f -> f.ruleName)
                .containsExactlyInAnyOrder("SQL Injection Strings In URI", "Suspicious User-Agents Related To Recon Tools");
        assertThat(run(BUNDLED, alb("GET http://shop.example.com:80/items?id=1%20UNION%20SELECT%20password HTTP/1.1",
                "Mozilla/5.0", 404))).as("a 404 is filtered out by the rule").isEmpty();
        assertThat(run(BUNDLED, alb("GET http://shop.example.com:80/products/list.html?page=2 HTTP/1.1", "Mozilla/5.0", 200)))
                .isEmpty();
        List<Finding> telnet = run(BUNDLED, vpc("10.0.0.5", "10.0.0.9", 40000, 23, "ACCEPT"));
        assertThat(telnet).extracting(f -> f.ruleName).containsExactly("Cleartext Protocol Usage");
        assertThat(telnet.get(0).family).isEqualTo("vpcflow");
        assertThat(telnet.get(0).relatedIps).containsExactly("10.0.0.5", "10.0.0.9");
        assertThat(telnet.get(0).entity).isEqualTo("10.0.0.5");
        assertThat(run(BUNDLED, vpc("10.0.0.5", "10.0.0.9", 40000, 23, "REJECT"))).isEmpty();
        assertThat(run(BUNDLED, vpc("10.0.0.5", "10.0.0.9", 40000, 443, "ACCEPT"))).isEmpty();
    }

    @Test
    void theIndexChangesNothingAboutWhatMatches() throws Exception {
        List<Event> events = new ArrayList<>();
        Path fx = TestPaths.fixtures();
        events.addAll(parseAll(new CloudTrailParser(ParserOptions.defaults()), fx.resolve("stratus-red-team"), ".json"));
        events.addAll(parseAll(new CloudTrailParser(ParserOptions.defaults()), fx.resolve("elastic/cloudtrail"), ".log"));
        events.addAll(parseAll(new ElbParser(ParserOptions.defaults()), fx.resolve("elastic/elb_logs"), ".log"));
        events.addAll(parseAll(new VpcFlowParser(ParserOptions.defaults()), fx.resolve("elastic/vpcflow"), ".log"));
        assertThat(events.size()).isGreaterThan(300);

        Set<String> viaEngine = new TreeSet<>();
        Set<String> viaEveryRule = new TreeSet<>();
        long candidates = 0;
        for (Event e : events) {
            BUNDLED.evaluate(e, f -> viaEngine.add(f.ruleId + " " + e.id()));
            for (SigmaRule r : BUNDLED.rules()) {
                if (r.matches(e)) {
                    viaEveryRule.add(r.id() + " " + e.id());
                }
            }
            candidates += BUNDLED.candidates(e);
        }
        assertThat(viaEngine).isEqualTo(viaEveryRule).isNotEmpty();
        // Most rules pin eventName/eventSource: an event meets a handful of rules, not all of its family's.
        assertThat((double) candidates / events.size()).isLessThan(10.0);
        assertThat(BUNDLED.evaluationErrors()).isZero();
    }

    private static List<Event> parseAll(LogParser parser, Path dir, String suffix) throws Exception {
        List<Event> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
        for (Path f : files) {
            CollectingSink sink = new CollectingSink();
            try (InputStream in = Files.newInputStream(f)) {
                parser.parse(in, SourceRef.of(f.getFileName().toString()), sink);
            }
            out.addAll(sink.events);
        }
        return out;
    }
}
