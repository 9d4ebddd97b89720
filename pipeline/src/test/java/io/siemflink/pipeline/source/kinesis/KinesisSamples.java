package io.siemflink.pipeline.source.kinesis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Records as they arrive on Kinesis streams: raw lines and events, and CloudWatch Logs subscription envelopes. */
final class KinesisSamples {
    static final String ACCOUNT = "111122223333";
    static final String LOG_GROUP = "aws-cloudtrail-logs-111122223333";

    private KinesisSamples() {
    }

    /** One CloudTrail event as JSON, as CloudTrail writes it to CloudWatch Logs (and as producers put it raw). */
    static String cloudTrail(String eventId, String eventTime, String eventName) {
        return "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE\","
                + "\"arn\":\"arn:aws:iam::" + ACCOUNT + ":user/alice\",\"accountId\":\"" + ACCOUNT + "\",\"userName\":\"alice\"},"
                + "\"eventTime\":\"" + eventTime + "\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"" + eventName + "\","
                + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"198.51.100.7\",\"userAgent\":\"aws-cli/2.15.0\","
                + "\"requestParameters\":null,\"responseElements\":null,\"requestID\":\"req-" + eventId + "\","
                + "\"eventID\":\"" + eventId + "\",\"readOnly\":true,\"eventType\":\"AwsApiCall\",\"managementEvent\":true,"
                + "\"recipientAccountId\":\"" + ACCOUNT + "\",\"eventCategory\":\"Management\"}";
    }

    /** A default-format (version 2) VPC Flow Logs line. */
    static String vpcFlow(int srcPort, long start) {
        return "2 " + ACCOUNT + " eni-0a1b2c3d4e5f60718 10.0.1.5 203.0.113.9 " + srcPort + " 443 6 10 840 " + start + " "
                + (start + 60) + " ACCEPT OK";
    }

    /** A CloudWatch Logs subscription DATA_MESSAGE (with the newer {@code policyLevel} field), as JSON. */
    static String envelope(String owner, String logGroup, String logStream, List<String> messages) {
        StringBuilder sb = new StringBuilder("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"").append(owner)
                .append("\",\"logGroup\":\"").append(logGroup).append("\",\"logStream\":\"").append(logStream)
                .append("\",\"subscriptionFilters\":[\"to-kinesis\"],\"logEvents\":[");
        for (int i = 0; i < messages.size(); i++) {
            sb.append(i > 0 ? "," : "").append("{\"id\":\"3799").append(1000 + i).append("\",\"timestamp\":1714564800000,")
                    .append("\"message\":\"").append(jsonEscape(messages.get(i))).append("\"}");
        }
        return sb.append("],\"policyLevel\":\"ACCOUNT_LEVEL_POLICY\"}").toString();
    }

    /** What CloudWatch Logs sends first on a new subscription. */
    static String controlMessage() {
        return "{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\",\"logGroup\":\"\",\"logStream\":\"\","
                + "\"subscriptionFilters\":[],\"logEvents\":[{\"id\":\"\",\"timestamp\":1714564800000,"
                + "\"message\":\"CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.\"}]}";
    }

    static byte[] gzip(String s) {
        var buf = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(buf)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Not UTF-8, not gzip, not an envelope: what a misconfigured producer might put. */
    static byte[] garbage() {
        return new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, 0x00, 0x13, 0x37, (byte) 0xFE, 0x42};
    }

    private static String jsonEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
