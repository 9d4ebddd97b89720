package io.siemflink.detect.window;

import static io.siemflink.detect.window.Logs.alb;
import static io.siemflink.detect.window.Logs.apiCall;
import static io.siemflink.detect.window.Logs.consoleLogin;
import static io.siemflink.detect.window.Logs.flow;
import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.detect.Finding;
import io.siemflink.parsers.event.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each built-in rule at its default threshold: fires at the threshold, stays quiet one short of it. */
class BuiltinRulesTest {
    private static final String ATTACKER = "198.51.100.7";

    private static List<Finding> run(List<Event> events, String rule) {
        return run(events, rule, DetectionSettings.defaults());
    }

    private static List<Finding> run(List<Event> events, String rule, DetectionSettings settings) {
        BatchDetector d = new BatchDetector(null, settings);
        events.forEach(d::accept);
        return d.finish().stream().filter(f -> f.ruleId.equals(rule)).toList();
    }

    private static List<Event> failedLogins(int n, int spacingSeconds, String... users) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(consoleLogin((long) i * spacingSeconds, ATTACKER, users[i % users.length], false));
        }
        return out;
    }

    @Test
    void bruteForceAtFiveFailuresWithinFifteenMinutes() {
        List<Finding> f = run(failedLogins(5, 60, "alice"), BuiltinRules.BRUTE_FORCE);
        assertThat(f).hasSize(1);
        Finding finding = f.get(0);
        assertThat(finding.entity).isEqualTo(ATTACKER);
        assertThat(finding.entityType).isEqualTo("ip");
        assertThat(finding.count).isEqualTo(5);
        assertThat(finding.eventIds).hasSize(5);
        assertThat(finding.relatedUsers).containsExactly("alice");
        assertThat(finding.end - finding.start).isEqualTo(240_000);
        assertThat(finding.account).isEqualTo("111122223333");
        assertThat(finding.techniques).containsExactly("T1110");
    }

    @Test
    void bruteForceQuietAtFourFailuresOrWhenSpreadBeyondTheWindow() {
        assertThat(run(failedLogins(4, 60, "alice"), BuiltinRules.BRUTE_FORCE)).isEmpty();
        // Five failures, but 4 min apart: never five within 15 minutes.
        assertThat(run(failedLogins(5, 240, "alice"), BuiltinRules.BRUTE_FORCE)).isEmpty();
    }

    @Test
    void aLongAttackGivesOneFindingPerWindowNotOnePerEvent() {
        List<Finding> f = run(failedLogins(60, 30, "alice"), BuiltinRules.BRUTE_FORCE); // 30 minutes of failures
        assertThat(f).hasSize(2);
        assertThat(f.get(1).start).isGreaterThan(f.get(0).end);
    }

    @Test
    void successAfterBruteForce() {
        List<Event> events = new ArrayList<>(failedLogins(5, 30, "alice"));
        events.add(consoleLogin(200, ATTACKER, "alice", true));
        List<Finding> f = run(events, BuiltinRules.BRUTE_FORCE_SUCCESS);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).count).isEqualTo(6);
        assertThat(f.get(0).severity).isEqualTo("HIGH");
        assertThat(f.get(0).eventIds).contains(events.get(5).id());
    }

    @Test
    void successAfterTooFewFailuresOrFromAnotherAddressIsQuiet() {
        List<Event> four = new ArrayList<>(failedLogins(4, 30, "alice"));
        four.add(consoleLogin(200, ATTACKER, "alice", true));
        assertThat(run(four, BuiltinRules.BRUTE_FORCE_SUCCESS)).isEmpty();
        List<Event> other = new ArrayList<>(failedLogins(5, 30, "alice"));
        other.add(consoleLogin(200, "203.0.113.9", "alice", true));
        assertThat(run(other, BuiltinRules.BRUTE_FORCE_SUCCESS)).isEmpty();
        // The success before the failures does not complete the sequence.
        List<Event> before = new ArrayList<>();
        before.add(consoleLogin(0, ATTACKER, "alice", true));
        for (int i = 1; i <= 5; i++) {
            before.add(consoleLogin(i * 10L, ATTACKER, "alice", false));
        }
        assertThat(run(before, BuiltinRules.BRUTE_FORCE_SUCCESS)).isEmpty();
    }

    @Test
    void passwordSprayingCountsDistinctUsers() {
        assertThat(run(failedLogins(5, 20, "u1", "u2", "u3", "u4", "u5"), BuiltinRules.PASSWORD_SPRAY))
                .singleElement().satisfies(f -> assertThat(f.relatedUsers).hasSize(5));
        // Twenty failures but only four users: brute force, not spraying.
        assertThat(run(failedLogins(20, 20, "u1", "u2", "u3", "u4"), BuiltinRules.PASSWORD_SPRAY)).isEmpty();
    }

    private static List<Event> ports(String src, String dst, int n, int spacingSeconds) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(flow((long) i * spacingSeconds, src, dst, 1000 + i, "REJECT", 40));
        }
        return out;
    }

    private static Event getSecret(long second, String user, String secret) {
        return apiCall(second, user, "secretsmanager.amazonaws.com", "GetSecretValue", "{\"secretId\":\"" + secret + "\"}");
    }

    @Test
    void secretHarvestingAtTenDistinctSecretsOrParametersWithinTenMinutes() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(getSecret(i * 30L, "mallory", "prod/db-" + i));
        }
        events.add(getSecret(200, "mallory", "prod/db-0")); // the same secret again counts once
        // four decrypted SecureStrings in one call
        events.add(apiCall(240, "mallory", "ssm.amazonaws.com", "GetParameters",
                "{\"names\":[\"/app/a\",\"/app/b\",\"/app/c\",\"/app/d\"],\"withDecryption\":true}"));
        List<Finding> f = run(events, BuiltinRules.SECRET_HARVEST);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).entity).isEqualTo("arn:aws:iam::111122223333:user/mallory");
        assertThat(f.get(0).entityType).isEqualTo("principal");
        assertThat(f.get(0).eventIds).hasSize(8);
        assertThat(f.get(0).relatedUsers).containsExactly("mallory");
        assertThat(f.get(0).techniques).containsExactly("T1555.006");
    }

    @Test
    void secretHarvestingQuietForNineSecretsEncryptedParametersOrReadsSpreadOut() {
        List<Event> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add(getSecret(i * 30L, "mallory", "prod/db-" + i));
        }
        // not decrypted: SecureStrings stay encrypted, so these are not secrets read
        nine.add(apiCall(300, "mallory", "ssm.amazonaws.com", "GetParameters",
                "{\"names\":[\"/app/a\",\"/app/b\"],\"withDecryption\":false}"));
        // another principal's read
        nine.add(getSecret(310, "alice", "prod/other"));
        assertThat(run(nine, BuiltinRules.SECRET_HARVEST)).isEmpty();
        List<Event> spread = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            spread.add(getSecret(i * 70L, "mallory", "prod/db-" + i)); // at most 9 in any 10 minutes
        }
        assertThat(run(spread, BuiltinRules.SECRET_HARVEST)).isEmpty();
    }

    private static Event passwordData(long second, String user, String instance) {
        return apiCall(second, user, "ec2.amazonaws.com", "GetPasswordData", "{\"instanceId\":\"" + instance + "\"}");
    }

    private static Event userData(long second, String user, String instance, String attribute) {
        return apiCall(second, user, "ec2.amazonaws.com", "DescribeInstanceAttribute",
                "{\"instanceId\":\"" + instance + "\",\"attribute\":\"" + attribute + "\"}");
    }

    @Test
    void instanceSecretHarvestingAtElevenDistinctInstancesWithinThirtyMinutes() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(passwordData(i * 60L, "mallory", "i-0" + i));
        }
        events.add(passwordData(400, "mallory", "i-01")); // the same instance again counts once
        for (int i = 6; i < 11; i++) {
            events.add(userData(i * 150L, "mallory", "i-0" + i, "userData"));
        }
        List<Finding> f = run(events, BuiltinRules.INSTANCE_HARVEST);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.entity).isEqualTo("arn:aws:iam::111122223333:user/mallory");
            assertThat(x.entityType).isEqualTo("principal");
            assertThat(x.techniques).containsExactly("T1552");
            assertThat(x.eventIds).hasSize(12);
            assertThat(x.message).contains("11 distinct instances");
        });
    }

    @Test
    void instanceSecretHarvestingQuietForTenInstancesOtherAttributesOrCallsSpreadOut() {
        List<Event> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(passwordData(i * 10L, "mallory", "i-0" + i));
        }
        ten.add(userData(150, "mallory", "i-19", "instanceType")); // not user data
        ten.add(passwordData(160, "alice", "i-18")); // another principal
        assertThat(run(ten, BuiltinRules.INSTANCE_HARVEST)).isEmpty();
        List<Event> both = new ArrayList<>(); // password and user data of the same six instances: six, not twelve
        for (int i = 0; i < 6; i++) {
            both.add(passwordData(i * 10L, "mallory", "i-2" + i));
            both.add(userData(i * 10L + 5, "mallory", "i-2" + i, "userData"));
        }
        assertThat(run(both, BuiltinRules.INSTANCE_HARVEST)).isEmpty();
        List<Event> spread = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            spread.add(passwordData(i * 190L, "mallory", "i-1" + i)); // at most 10 in any 30 minutes
        }
        assertThat(run(spread, BuiltinRules.INSTANCE_HARVEST)).isEmpty();
    }

    @Test
    void verticalPortScanAtFifteenPorts() {
        List<Finding> f = run(ports(ATTACKER, "10.0.1.5", 15, 5), BuiltinRules.PORT_SCAN);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.entity).isEqualTo(ATTACKER);
            assertThat(x.family).isEqualTo("vpcflow");
            assertThat(x.message).contains("15 distinct destination ports");
        });
        assertThat(run(ports(ATTACKER, "10.0.1.5", 14, 5), BuiltinRules.PORT_SCAN)).isEmpty();
        // The same ports many times are not a scan.
        List<Event> repeats = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            repeats.add(flow(i, ATTACKER, "10.0.1.5", 443 + (i % 3), "ACCEPT", 400));
        }
        assertThat(run(repeats, BuiltinRules.PORT_SCAN)).isEmpty();
        // Internal to internal traffic is not an external scan.
        assertThat(run(ports("10.0.9.9", "10.0.1.5", 30, 1), BuiltinRules.PORT_SCAN)).isEmpty();
    }

    /** Fifteen flows from the attacker to fifteen ports of one host, or the same port of twenty-five hosts. */
    private static List<Event> attempts(boolean sweep, int protocol, String action, long packets) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < (sweep ? 25 : 15); i++) {
            out.add(sweep ? flow(i, ATTACKER, "10.0.2." + i, 443, protocol, action, packets, packets * 60)
                    : flow(i, ATTACKER, "10.0.1.5", 1000 + i, protocol, action, packets, packets * 60));
        }
        return out;
    }

    @Test
    void scansCountFailedAttemptsOnlyAsZeekDoes() {
        for (boolean sweep : new boolean[] {false, true}) {
            String rule = sweep ? BuiltinRules.HOST_SWEEP : BuiltinRules.PORT_SCAN;
            // a SYN scan of open ports (SYN, then the scanner's reset) and a connect scan (SYN, ACK, RST)
            assertThat(run(attempts(sweep, 6, "ACCEPT", 2), rule)).as(rule).hasSize(1);
            assertThat(run(attempts(sweep, 6, "ACCEPT", BuiltinRules.MAX_ATTEMPT_PACKETS), rule)).as(rule).hasSize(1);
            // rejected by a security group or network ACL, whatever the protocol
            assertThat(run(attempts(sweep, 17, "REJECT", 1), rule)).as(rule).hasSize(1);
            // sessions that carried data: a busy client, not a scanner
            assertThat(run(attempts(sweep, 6, "ACCEPT", BuiltinRules.MAX_ATTEMPT_PACKETS + 1), rule)).as(rule).isEmpty();
            // accepted UDP says nothing about a failure (one datagram is a whole DNS query)
            assertThat(run(attempts(sweep, 17, "ACCEPT", 1), rule)).as(rule).isEmpty();
        }
    }

    @Test
    void horizontalSweepAtTwentyFiveHosts() {
        List<Event> sweep = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            sweep.add(flow(i, ATTACKER, "10.0.2." + i, 22, "REJECT", 40));
        }
        assertThat(run(sweep, BuiltinRules.HOST_SWEEP)).singleElement()
                .satisfies(f -> assertThat(f.count).isEqualTo(25));
        assertThat(run(sweep.subList(0, 24), BuiltinRules.HOST_SWEEP)).isEmpty();
    }

    @Test
    void rejectedBurstAtOneHundredFlows() {
        List<Event> burst = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            burst.add(flow(i * 2L, ATTACKER, "10.0.1.5", 22, "REJECT", 40));
        }
        assertThat(run(burst, BuiltinRules.REJECT_BURST)).hasSize(1);
        assertThat(run(burst.subList(0, 99), BuiltinRules.REJECT_BURST)).isEmpty();
    }

    /** Flows of {@code bytes} each from an internal host to an external one, {@code spacing} seconds apart. */
    private static List<Event> egress(int n, long spacing, long bytes) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(flow(i * spacing, "10.0.3.4", "203.0.113.50", 443, "ACCEPT", bytes));
        }
        return out;
    }

    @Test
    void countsAndSumsStayExactBeyondTheSignalsAnEntityKeeps() {
        // the smallest cap allowed: an entity's window keeps 16 signals, but counts and sums cover all of them
        DetectionSettings small = new DetectionSettings(Map.of(), 16, DetectionSettings.DEFAULT_OUT_OF_ORDERNESS);
        List<Event> burst = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            burst.add(flow(i * 2L, ATTACKER, "10.0.1.5", 22, "REJECT", 40));
        }
        assertThat(run(burst, BuiltinRules.REJECT_BURST, small)).singleElement()
                .satisfies(f -> assertThat(f.count).isEqualTo(100));
        assertThat(run(burst.subList(0, 99), BuiltinRules.REJECT_BURST, small)).isEmpty();

        long sixMiB = 6L << 20;
        assertThat(run(egress(200, 3, sixMiB), BuiltinRules.EGRESS_VOLUME, small)).singleElement().satisfies(f -> {
            assertThat(f.count).isEqualTo(171); // 171 x 6 MiB is the first sum above 1 GiB
            assertThat(f.message).contains((171 * sixMiB) + " bytes sent to external addresses");
        });
        assertThat(run(egress(170, 3, sixMiB), BuiltinRules.EGRESS_VOLUME, small)).isEmpty();
        // folded signals leave the window too: 200 flows over 20 min put at most 150 (900 MiB) in any 15 min
        assertThat(run(egress(200, 6, sixMiB), BuiltinRules.EGRESS_VOLUME, small)).isEmpty();
        assertThat(run(egress(200, 6, sixMiB), BuiltinRules.EGRESS_VOLUME)).isEmpty(); // as without folding
    }

    @Test
    void egressVolumeAtOneGibibyte() {
        long quarter = 1L << 28;
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            out.add(flow(i * 60L, "10.0.3.4", "203.0.113.50", 443, "ACCEPT", quarter));
        }
        assertThat(run(out, BuiltinRules.EGRESS_VOLUME)).singleElement()
                .satisfies(f -> assertThat(f.message).contains(Long.toString(1L << 30)));
        List<Event> justBelow = new ArrayList<>(out.subList(0, 3));
        justBelow.add(flow(180, "10.0.3.4", "203.0.113.50", 443, "ACCEPT", quarter - 1));
        assertThat(run(justBelow, BuiltinRules.EGRESS_VOLUME)).isEmpty();
        // The same volume to an internal address is not egress.
        List<Event> internal = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            internal.add(flow(i * 60L, "10.0.3.4", "10.0.8.8", 443, "ACCEPT", quarter));
        }
        assertThat(run(internal, BuiltinRules.EGRESS_VOLUME)).isEmpty();
    }

    @Test
    void contentDiscoveryAtFiftyDistinctPathsAnswered4xx() {
        List<Event> scan = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            scan.add(alb(i, ATTACKER, "/admin" + i + ".php", 404));
        }
        assertThat(run(scan, BuiltinRules.CONTENT_DISCOVERY)).singleElement()
                .satisfies(f -> assertThat(f.entity).isEqualTo(ATTACKER));
        assertThat(run(scan.subList(0, 49), BuiltinRules.CONTENT_DISCOVERY)).isEmpty();
        List<Event> ok = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            ok.add(alb(i, ATTACKER, "/page" + i, 200));
        }
        assertThat(run(ok, BuiltinRules.CONTENT_DISCOVERY)).isEmpty();
    }

    @Test
    void fiveHundredsBurstPerLoadBalancer() {
        List<Event> errors = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            errors.add(alb(i, "192.0.2." + (i % 20), "/checkout", 502));
        }
        assertThat(run(errors, BuiltinRules.ERROR_BURST)).singleElement().satisfies(f -> {
            assertThat(f.entityType).isEqualTo("load_balancer");
            assertThat(f.entity).isEqualTo("app/shop-prod-alb/4f1b2c3d4e5f6a7b");
        });
        assertThat(run(errors.subList(0, 49), BuiltinRules.ERROR_BURST)).isEmpty();
    }

    @Test
    void findingsDoNotDependOnArrivalOrder() {
        List<Event> events = new ArrayList<>(failedLogins(12, 20, "u1", "u2", "u3", "u4", "u5", "u6"));
        events.add(consoleLogin(300, ATTACKER, "u1", true));
        events.addAll(ports(ATTACKER, "10.0.1.5", 40, 3));
        List<String> ordered = ids(events);
        for (long seed = 1; seed <= 5; seed++) {
            List<Event> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, new java.util.Random(seed));
            assertThat(ids(shuffled)).isEqualTo(ordered);
        }
        assertThat(ordered).hasSizeGreaterThan(3);
    }

    private static List<String> ids(List<Event> events) {
        BatchDetector d = new BatchDetector(null, DetectionSettings.defaults());
        events.forEach(d::accept);
        return d.finish().stream().map(f -> f.ruleId + ":" + f.id).toList();
    }

    @Test
    void thresholdsAndWindowsComeFromSettings() {
        DetectionSettings s = DetectionSettings.fromProperties(Map.of(
                "detect.rule.console-login-brute-force.threshold", "3",
                "detect.rule.vpc-vertical-port-scan.enabled", "false"));
        BatchDetector d = new BatchDetector(null, s);
        failedLogins(3, 60, "alice").forEach(d::accept);
        ports(ATTACKER, "10.0.1.5", 30, 1).forEach(d::accept);
        List<Finding> f = d.finish();
        assertThat(f).extracting(x -> x.ruleId).contains(BuiltinRules.BRUTE_FORCE).doesNotContain(BuiltinRules.PORT_SCAN);
    }
}
