package io.siemflink.parsers.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.LogParser;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.testing.TestPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class CloudWatchEnvelopeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SourceRef src = SourceRef.of("kinesis://stream/shard-0");

    /** A small fake parser: one event per message, carrying the message and its position. */
    private static LogParser echo(LogType type) {
        return new LogParser() {
            @Override
            public LogType type() {
                return type;
            }

            @Override
            public void parse(InputStream in, SourceRef source, ParseSink sink) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void parseRecord(String record, SourceRef source, long position, ParseSink sink) {
                sink.event(new Event(type).put("message", record).position(position));
            }
        };
    }

    private CollectingSink parse(byte[] data, LogType fixed) {
        CollectingSink sink = new CollectingSink();
        CloudWatchEnvelope.parse(data, src, fixed, CloudWatchEnvelopeTest::echo, sink);
        return sink;
    }

    private static String envelope(String messageType, String... messages) {
        StringBuilder sb = new StringBuilder("{\"messageType\":\"" + messageType + "\",\"owner\":\"123456789012\","
                + "\"logGroup\":\"/aws/vpc/flow\",\"logStream\":\"eni-1-all\",\"subscriptionFilters\":[\"f\"],\"logEvents\":[");
        for (int i = 0; i < messages.length; i++) {
            sb.append(i > 0 ? "," : "").append("{\"id\":\"").append(1000 + i).append("\",\"timestamp\":1600110569039,\"message\":")
                    .append(JSON.valueToTree(messages[i]).toString()).append('}');
        }
        return sb.append("],\"policyLevel\":\"ACCOUNT_LEVEL_POLICY\"}").toString();
    }

    @Test
    void vectorCasesParseOrFailAsDeadLetters() throws IOException {
        JsonNode cases = JSON.readTree(TestPaths.fixtures().resolve("vector/parse_aws_cloudwatch_log_subscription_message.json").toFile()).get("cases");
        int checked = 0;
        for (JsonNode c : cases) {
            CollectingSink s = parse(c.get("input").asText().getBytes(StandardCharsets.UTF_8), LogType.CLOUDTRAIL);
            if (c.has("expected")) {
                JsonNode exp = c.get("expected");
                assertThat(s.events).as(c.get("name").asText()).hasSize(exp.get("log_events").size());
                Event e = s.events.get(0);
                assertThat(e.get("message")).isEqualTo(exp.get("log_events").get(0).get("message").asText());
                assertThat(e.get("aws.cloudwatch.log_group")).isEqualTo(exp.get("log_group").asText());
                assertThat(e.get("aws.cloudwatch.log_stream")).isEqualTo(exp.get("log_stream").asText());
                assertThat(e.get("aws.cloudwatch.id")).isEqualTo(exp.get("log_events").get(0).get("id").asText());
                assertThat(e.get("cloud.account.id")).isEqualTo(exp.get("owner").asText());
            } else {
                assertThat(s.events).isEmpty();
                assertThat(s.deadLetters).as(c.get("name").asText()).hasSize(1);
                assertThat(s.deadLetters.get(0).reasonCode()).isEqualTo("invalid_envelope");
                assertThat(new String(s.deadLetters.get(0).original(), StandardCharsets.UTF_8)).isEqualTo(c.get("input").asText());
            }
            checked++;
        }
        assertThat(checked).isEqualTo(3);
    }

    @Test
    void gzipDataMessageFansOutInOrderAndToleratesUnknownFields() throws IOException {
        byte[] gz = gzip(envelope("DATA_MESSAGE", "a", "b", "c"));
        CollectingSink s = parse(gz, LogType.VPCFLOW);
        assertThat(s.events).extracting(e -> e.get("message")).containsExactly("a", "b", "c");
        assertThat(s.events).extracting(Event::position).containsExactly(0L, 1L, 2L);
        assertThat(s.deadLetters).isEmpty();
    }

    @Test
    void envelopesOneAfterAnotherAreEachParsedAndATornTailIsADeadLetter() throws IOException {
        // As Firehose delivers a CloudWatch Logs subscription to S3: envelopes concatenated in one object.
        String three = envelope("DATA_MESSAGE", "a", "b") + envelope("CONTROL_MESSAGE", "CWL CONTROL MESSAGE") + "\n"
                + envelope("DATA_MESSAGE", "c");
        CollectingSink s = parse(gzip(three), LogType.VPCFLOW);
        assertThat(s.events).extracting(e -> e.get("message")).containsExactly("a", "b", "c");
        assertThat(s.skips).hasSize(1);
        assertThat(s.deadLetters).isEmpty();

        String torn = envelope("DATA_MESSAGE", "a") + envelope("DATA_MESSAGE", "b").substring(0, 40);
        CollectingSink t = parse(torn.getBytes(java.nio.charset.StandardCharsets.UTF_8), LogType.VPCFLOW);
        assertThat(t.events).extracting(e -> e.get("message")).containsExactly("a");
        assertThat(t.deadLetters).singleElement().satisfies(d -> {
            assertThat(d.reasonCode()).isEqualTo("invalid_envelope");
            assertThat(new String(d.original(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
                    envelope("DATA_MESSAGE", "b").substring(0, 40));
        });
    }

    @Test
    void controlMessageIsACountedSkip() throws IOException {
        CollectingSink s = parse(gzip(envelope("CONTROL_MESSAGE", "CWL CONTROL MESSAGE: Checking health of destination Firehose.")), null);
        assertThat(s.total()).isEqualTo(1);
        assertThat(s.skips.get(0).reason()).isEqualTo("cloudwatch_control_message");
    }

    @Test
    void typeComesFromTheMessagesWhenNotConfigured() {
        String flow = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        CollectingSink s = parse(envelope("DATA_MESSAGE", flow).getBytes(StandardCharsets.UTF_8), null);
        assertThat(s.events).singleElement().satisfies(e -> assertThat(e.type()).isEqualTo(LogType.VPCFLOW));

        CollectingSink unknown = parse(envelope("DATA_MESSAGE", "hello", "world").getBytes(StandardCharsets.UTF_8), null);
        assertThat(unknown.events).isEmpty();
        assertThat(unknown.deadLetters).extracting(DeadLetter::reasonCode).containsExactly("unknown_type", "unknown_type");
    }

    @Test
    void truncatedGzipIsADeadLetterWithTheOriginalBytes() throws IOException {
        byte[] gz = gzip(envelope("DATA_MESSAGE", "a".repeat(5000), "b"));
        byte[] cut = Arrays.copyOf(gz, gz.length - 10);
        CollectingSink s = parse(cut, LogType.ELB);
        assertThat(s.events).isEmpty();
        assertThat(s.deadLetters).singleElement().satisfies(d -> {
            assertThat(d.reasonCode()).isIn("truncated_input", "corrupt_gzip");
            assertThat(d.original()).isEqualTo(cut);
        });
    }

    static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
