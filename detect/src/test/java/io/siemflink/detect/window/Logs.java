package io.siemflink.detect.window;

import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.Dispatcher;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Parsers;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Log records as AWS writes them, turned into events by the real parsers. */
final class Logs {
    static final long T0 = Instant.parse("2025-06-01T10:00:00Z").getEpochSecond();
    private static final Parsers PARSERS = new Parsers(ParserOptions.defaults());

    private Logs() {
    }

    static Event parse(LogType type, String record) {
        CollectingSink sink = new CollectingSink();
        new Dispatcher(PARSERS, type).parseRecord(record.getBytes(StandardCharsets.UTF_8), SourceRef.of("test"), 0, sink);
        if (sink.events.size() != 1) {
            throw new AssertionError("expected one event from " + record + ", got " + sink.events + " " + sink.deadLetters);
        }
        return sink.events.get(0);
    }

    /** A ConsoleLogin record; {@code success} false gives CloudTrail's "Failed authentication". */
    static Event consoleLogin(long second, String ip, String user, boolean success) {
        String time = Instant.ofEpochSecond(T0 + second).toString();
        String response = success ? "{\"ConsoleLogin\":\"Success\"}" : "{\"ConsoleLogin\":\"Failure\"}";
        String error = success ? "" : ",\"errorMessage\":\"Failed authentication\"";
        return parse(LogType.CLOUDTRAIL, "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\","
                + "\"accountId\":\"111122223333\",\"userName\":\"" + user + "\"},\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\",\"awsRegion\":\"us-east-1\","
                + "\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"Mozilla/5.0\",\"requestParameters\":null,"
                + "\"responseElements\":" + response + error + ",\"additionalEventData\":{\"MFAUsed\":\"No\"},"
                + "\"eventID\":\"" + java.util.UUID.nameUUIDFromBytes((ip + user + second + success).getBytes()) + "\","
                + "\"eventType\":\"AwsConsoleSignIn\",\"recipientAccountId\":\"111122223333\"}");
    }

    /** A successful API call by an IAM user, with its request parameters (JSON). */
    static Event apiCall(long second, String user, String source, String name, String params) {
        String time = Instant.ofEpochSecond(T0 + second).toString();
        return parse(LogType.CLOUDTRAIL, "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\","
                + "\"principalId\":\"AIDAEXAMPLE\",\"arn\":\"arn:aws:iam::111122223333:user/" + user + "\","
                + "\"accountId\":\"111122223333\",\"userName\":\"" + user + "\"},\"eventTime\":\"" + time + "\","
                + "\"eventSource\":\"" + source + "\",\"eventName\":\"" + name + "\",\"awsRegion\":\"eu-west-1\","
                + "\"sourceIPAddress\":\"198.51.100.7\",\"userAgent\":\"aws-cli/2.15.0\",\"requestParameters\":" + params
                + ",\"responseElements\":null,\"eventID\":\""
                + java.util.UUID.nameUUIDFromBytes((user + second + name + params).getBytes()) + "\","
                + "\"eventType\":\"AwsApiCall\",\"recipientAccountId\":\"111122223333\"}");
    }

    /** A default-format (v2) flow log line. */
    static Event flow(long second, String src, String dst, int dstPort, String action, long bytes) {
        return flow(second, src, dst, dstPort, 6, action, 3, bytes);
    }

    /** A VPC flow record (version 2) of {@code protocol} (IANA number) with {@code packets} packets. */
    static Event flow(long second, String src, String dst, int dstPort, int protocol, String action, long packets,
                      long bytes) {
        long start = T0 + second;
        return parse(LogType.VPCFLOW, "2 111122223333 eni-0a1b2c3d " + src + " " + dst + " 40000 " + dstPort + " "
                + protocol + " " + packets + " " + bytes + " " + start + " " + start + " " + action + " OK");
    }

    /** An ALB access log line. */
    static Event alb(long second, String client, String path, int status) {
        String time = Instant.ofEpochSecond(T0 + second).toString().replace("Z", ".000000Z");
        return parse(LogType.ELB, "https " + time + " app/shop-prod-alb/4f1b2c3d4e5f6a7b " + client + ":51234 10.0.12.87:8080"
                + " 0.001 0.002 0.000 " + status + " " + status + " 100 200 \"GET https://shop.example.com:443" + path
                + " HTTP/1.1\" \"sqlmap/1.7\" TLS_AES_128_GCM_SHA256 TLSv1.3"
                + " arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/shop-web/0a1b2c3d4e5f6071"
                + " \"Root=1-683c2a36-1a2b3c4d5e6f708192a3b4c5\" \"shop.example.com\" \"-\" 10 " + time
                + " \"forward\" \"-\" \"-\" \"10.0.12.87:8080\" \"" + status + "\" \"-\" \"-\"");
    }
}
