package io.siemflink.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.LogParser;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.cloudtrail.CloudTrailParser;
import io.siemflink.parsers.elb.ElbParser;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.vpcflow.VpcFlowParser;

/** Inline rules and events built by the real parsers from inline log records. */
final class TestRules {
    static final String CLOUDTRAIL = "{product: aws, service: cloudtrail}";
    static final String WEBSERVER = "{category: webserver}";
    static final String FIREWALL = "{category: firewall}";

    static final SigmaLoader LOADER = SigmaLoader.withDefaultMapping();

    private TestRules() {
    }

    /** A rule text around a detection block (given without indentation). */
    static String text(String logsource, String detection) {
        StringBuilder sb = new StringBuilder("title: Test rule\nid: 11111111-2222-3333-4444-555555555555\n")
                .append("author: Test Author\nlevel: high\ntags:\n  - attack.credential-access\n  - attack.t1110.001\n")
                .append("logsource: ").append(logsource).append("\ndetection:\n");
        for (String line : detection.split("\n")) {
            sb.append("  ").append(line).append('\n');
        }
        return sb.toString();
    }

    static SigmaRule rule(String logsource, String detection) {
        SigmaRules r = LOADER.loadText("test.yml", text(logsource, detection), null);
        assertThat(r.rejected()).as("rule should load").isEmpty();
        return r.rules().get(0);
    }

    static SigmaRule ct(String detection) {
        return rule(CLOUDTRAIL, detection);
    }

    /** The reason a rule is rejected. */
    static String rejection(String logsource, String detection) {
        SigmaRules r = LOADER.loadText("test.yml", text(logsource, detection), null);
        assertThat(r.rules()).as("rule should be rejected").isEmpty();
        return r.rejected().get(0).reason();
    }

    /** A CloudTrail record with the given extra top-level members (JSON text without braces). */
    static Event cloudtrail(String members) {
        return one(new CloudTrailParser(ParserOptions.defaults()), "{\"eventVersion\":\"1.08\","
                + "\"eventTime\":\"2024-05-01T12:00:00Z\",\"eventID\":\"" + Integer.toHexString(members.hashCode())
                + "-e\",\"awsRegion\":\"us-east-1\",\"recipientAccountId\":\"111122223333\"" + (members.isEmpty() ? "" : ",")
                + members + "}");
    }

    static Event elb(String line) {
        return one(new ElbParser(ParserOptions.defaults()), line);
    }

    /** An ALB access log line with this request line, user agent and status. */
    static Event alb(String request, String userAgent, int status) {
        return elb("http 2025-06-01T10:15:02.482913Z app/shop-prod-alb/4f1b2c3d4e5f6a7b 203.0.113.45:51234 "
                + "10.0.12.87:8080 0.001 0.045 0.000 " + status + " " + status + " 812 15432 \"" + request + "\" \""
                + userAgent + "\" - - arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/shop-web/0a1b2c3d4e5f6071 "
                + "\"Root=1-683c2a36-1a2b3c4d5e6f708192a3b4c5\" \"shop.example.com\" \"-\" 10 2025-06-01T10:15:02.436000Z "
                + "\"forward\" \"-\" \"-\" \"10.0.12.87:8080\" \"200\" \"-\" \"-\" TID_5c0e1f2a \"-\" \"-\" \"-\"");
    }

    /** A default-format (version 2) VPC flow log record. */
    static Event vpc(String src, String dst, int srcPort, int dstPort, String action) {
        return one(new VpcFlowParser(ParserOptions.defaults()), "2 123456789012 eni-0a1b2c3d " + src + " " + dst + " "
                + srcPort + " " + dstPort + " 6 10 840 1717236000 1717236060 " + action + " OK");
    }

    private static Event one(LogParser parser, String record) {
        CollectingSink sink = new CollectingSink();
        parser.parseRecord(record, SourceRef.of("inline"), 0, sink);
        assertThat(sink.deadLetters).as("test record should parse").isEmpty();
        assertThat(sink.events).hasSize(1);
        return sink.events.get(0);
    }
}
