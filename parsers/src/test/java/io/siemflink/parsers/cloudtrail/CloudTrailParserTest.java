package io.siemflink.parsers.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.EventJson;
import io.siemflink.parsers.event.RawJson;
import io.siemflink.parsers.io.Inputs;
import io.siemflink.parsers.testing.GoldenFiles;
import io.siemflink.parsers.testing.TestPaths;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class CloudTrailParserTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final CloudTrailParser parser = new CloudTrailParser(ParserOptions.defaults());

    static String record(String eventId, String extra) {
        return "{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-05-01T10:00:00Z\",\"eventSource\":\"ec2.amazonaws.com\","
                + "\"eventName\":\"DescribeInstances\"" + (eventId == null ? "" : ",\"eventID\":\"" + eventId + "\"")
                + extra + "}";
    }

    static String records(String... records) {
        return "{\"Records\":[" + String.join(",", records) + "]}";
    }

    private CollectingSink parse(CloudTrailParser p, String text, SourceRef source) throws IOException {
        return parse(p, text.getBytes(StandardCharsets.UTF_8), source);
    }

    private CollectingSink parse(CloudTrailParser p, byte[] bytes, SourceRef source) throws IOException {
        CollectingSink sink = new CollectingSink();
        p.parse(new ByteArrayInputStream(bytes), source, sink);
        return sink;
    }

    @Test
    void accountAndRegionComeFromTheKeyWhenTheRecordLacksThem() throws Exception {
        SourceRef src = SourceRef.s3("trail-bucket",
                "AWSLogs/o-abc123/123456789012/CloudTrail/eu-central-1/2024/05/01/123456789012_CloudTrail_eu-central-1_x.json.gz");
        CollectingSink sink = parse(parser, records(record("a", "")), src);
        Event e = sink.events.get(0);
        assertThat(e.get("cloud.account.id")).isEqualTo("123456789012");
        assertThat(e.get("cloud.region")).isEqualTo("eu-central-1");

        // The record's own values win over the key's.
        sink = parse(parser, records(record("a", ",\"awsRegion\":\"us-east-2\",\"recipientAccountId\":\"210987654321\"")), src);
        assertThat(sink.events.get(0).get("cloud.account.id")).isEqualTo("210987654321");
        assertThat(sink.events.get(0).get("cloud.region")).isEqualTo("us-east-2");
    }

    @Test
    void digestFilesAreSkippedByKeyWithoutReading() throws Exception {
        SourceRef src = SourceRef.s3("b", "AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2024/05/01/x.json.gz");
        CollectingSink sink = new CollectingSink();
        parser.parse(new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("a digest file must not be read");
            }
        }, src, sink);
        assertThat(sink.skips).singleElement().satisfies(s -> assertThat(s.reason()).isEqualTo("cloudtrail digest file"));
        assertThat(sink.total()).isEqualTo(1);
    }

    @Test
    void originalIsAlwaysKeptOnTheEventButWrittenOnlyWhenAsked() throws Exception {
        String r1 = record("a", "");
        String r2 = "{\n  \"eventTime\" : \"2024-05-01T10:00:01Z\",\n  \"eventID\" : \"b\"\n}";
        String file = "\uFEFF[ " + r1 + " ,\n" + r2 + " ]";
        CollectingSink sink = parse(parser, file, SourceRef.of("x"));
        assertThat(sink.events).extracting(Event::original).containsExactly(r1, r2);
        assertThat(sink.events).extracting(Event::position).containsExactly(0L, 1L);
        assertThat(EventJson.toJson(sink.events.get(0))).doesNotContain("\"original\"");

        CloudTrailParser keeping = new CloudTrailParser(ParserOptions.defaults().withKeepOriginal(true));
        sink = parse(keeping, file, SourceRef.of("x"));
        assertThat(GoldenFiles.document(sink.events.get(1)).path("event").path("original").asText()).isEqualTo(r2);
    }

    @Test
    void idsComeFromEventIdOrElseFromTheRecordBytes() throws Exception {
        CollectingSink a = parse(parser, records(record("same", ""), record("same", ",\"awsRegion\":\"x\""),
                record(null, ""), record(null, ",\"awsRegion\":\"x\"")), SourceRef.of("x"));
        CollectingSink b = parse(parser, records(record(null, ""), record(null, ",\"awsRegion\":\"x\"")), SourceRef.of("y"));
        assertThat(a.events).hasSize(4);
        assertThat(a.events.get(0).id()).isEqualTo(a.events.get(1).id()).hasSize(22);
        assertThat(a.events.get(2).id()).isNotEqualTo(a.events.get(3).id()).isNotEqualTo(a.events.get(0).id());
        assertThat(b.events.get(0).id()).isEqualTo(a.events.get(2).id());
        assertThat(b.events.get(1).id()).isEqualTo(a.events.get(3).id());
    }

    @Test
    void truncatedGzipKeepsTheRecordsBeforeTheCut() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            sb.append(i == 0 ? "" : ",").append(record("id-" + i, ",\"requestParameters\":{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 50) + "\"}"));
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(("{\"Records\":[" + sb + "]}").getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = gz.toByteArray();
        CollectingSink full = new CollectingSink();
        parser.parse(Inputs.open(new ByteArrayInputStream(whole)), SourceRef.of("x.json.gz"), full);
        assertThat(full.events).hasSize(400);
        assertThat(full.deadLetters).isEmpty();

        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        CollectingSink sink = new CollectingSink();
        parser.parse(Inputs.open(new ByteArrayInputStream(cut)), SourceRef.of("x.json.gz"), sink);
        assertThat(sink.events).hasSizeBetween(1, 399);
        assertThat(sink.deadLetters).singleElement()
                .satisfies(d -> assertThat(d.reason()).startsWith("truncated_input"));
        for (int i = 0; i < sink.events.size(); i++) {
            assertThat(sink.events.get(i).get("event.id")).isEqualTo("id-" + i);
        }
    }

    @Test
    void oversizedParametersKeepAHeadAndNoObject() throws Exception {
        CloudTrailParser small = new CloudTrailParser(new ParserOptions(null, 1 << 20, 256, false));
        String big = "{\"policy\":\"" + "\\\"é".repeat(200) + "\"}";
        CollectingSink sink = parse(small, records(record("a", ",\"requestParameters\":" + big + ",\"responseElements\":{\"ok\":true}")), SourceRef.of("x"));
        Event e = sink.events.get(0);
        assertThat((String) e.get("aws.cloudtrail.request_parameters")).hasSize(256).startsWith("{\"policy\":\"\\\"é");
        assertThat(e.get("aws.cloudtrail.flattened.request_parameters")).isNull();
        assertThat(e.get("aws.cloudtrail.flattened.response_elements")).isEqualTo(new RawJson("{\"ok\":true}"));
    }

    @Test
    void oversizedRecordsAreDeadLettersInEveryFraming() throws Exception {
        CloudTrailParser small = new CloudTrailParser(ParserOptions.defaults().withMaxRecordBytes(1024));
        String huge = record("big", ",\"userAgent\":\"" + "u".repeat(2000) + "\"");
        CollectingSink streamed = parse(small, records(record("a", ""), huge, record("c", "")), SourceRef.of("x"));
        assertThat(streamed.events).extracting(e -> e.get("event.id")).containsExactly("a", "c");
        assertThat(streamed.deadLetters).singleElement().satisfies(d -> {
            assertThat(d.reason()).startsWith("too_long");
            assertThat(d.originalLength()).isEqualTo(huge.length());
        });
        CollectingSink lines = parse(small, record("a", "") + "\n" + huge + "\n" + record("c", "") + "\n", SourceRef.of("x"));
        assertThat(lines.events).hasSize(2);
        assertThat(lines.deadLetters).singleElement().satisfies(d -> assertThat(d.line()).isEqualTo(2));
    }

    @Test
    void parseRecordHandlesSingleRecordsWrappersAndGarbage() {
        CollectingSink sink = new CollectingSink();
        parser.parseRecord(record("a", ""), SourceRef.of("shard-1"), 7, sink);
        parser.parseRecord(records(record("b", ""), record("c", "")), SourceRef.of("shard-1"), 8, sink);
        parser.parseRecord("not json", SourceRef.of("shard-1"), 9, sink);
        parser.parseRecord("", SourceRef.of("shard-1"), 10, sink);
        parser.parseRecord("{\"eventTime\":\"2024-05-01T10:00:00Z\"", SourceRef.of("shard-1"), 11, sink);
        assertThat(sink.events).extracting(Event::position).containsExactly(7L, 8L, 8L);
        assertThat(sink.events.get(0).original()).isEqualTo(record("a", ""));
        assertThat(sink.deadLetters).extracting(DeadLetter::reason).containsExactly(
                "invalid_json: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                "invalid_json: Unexpected end-of-input: expected close marker for Object");
        // An empty record carries nothing; it still must not vanish silently.
        assertThat(sink.skips).singleElement().satisfies(s -> assertThat(s.reason()).isEqualTo("blank_record"));
        assertThat(sink.total()).isEqualTo(6);
    }

    @Test
    void everyRecordEndsSomewhereEvenWhenTheInputIsMangled() throws Exception {
        byte[] good = Files.readAllBytes(TestPaths.testData().resolve("golden/cloudtrail/s3-records.json"));
        byte[] lines = Files.readAllBytes(TestPaths.testData().resolve("golden/cloudtrail/lines.ndjson"));
        Random rnd = new Random(42);
        for (byte[] base : new byte[][] {good, lines}) {
            for (int i = 0; i < 300; i++) {
                byte[] b = i % 2 == 0 ? Arrays.copyOf(base, rnd.nextInt(base.length)) : base.clone();
                if (i % 2 == 1) {
                    for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                    }
                }
                CollectingSink sink = new CollectingSink();
                assertThatCode(() -> parser.parse(new ByteArrayInputStream(b), SourceRef.of("m"), sink)).doesNotThrowAnyException();
                if (new String(b, StandardCharsets.UTF_8).trim().length() > 0) {
                    assertThat(sink.total()).isPositive();
                }
                for (Event e : sink.events) {
                    JsonNode doc = GoldenFiles.document(e);
                    assertThat(doc.has("@timestamp")).isTrue();
                }
                for (DeadLetter d : sink.deadLetters) {
                    assertThat(d.reason()).isNotBlank();
                    MAPPER.readTree(d.toJson());
                }
            }
        }
    }

    @Test
    void loneSurrogatesDoNotBreakSerialisation() throws Exception {
        String r = record("a", ",\"userAgent\":\"bad \\ud800 agent\",\"requestParameters\":{\"k\":\"\\udc00x\\ud83d\\udcc4\"}");
        CollectingSink sink = parse(parser, records(r), SourceRef.of("x"));
        Event e = sink.events.get(0);
        JsonNode doc = GoldenFiles.document(e);
        assertThat(doc.path("aws").path("cloudtrail").path("flattened").path("request_parameters").path("k").asText())
                .isEqualTo("\udc00x\ud83d\udcc4");
    }

    @Test
    void framingIsChosenFromTheFirstBytes() {
        assertThat(framing("{\"Records\":[]}")).isFalse();
        assertThat(framing("\n  {\n  \"Records\" : [")).isFalse();
        assertThat(framing("[{\"eventTime\":1}]")).isFalse();
        assertThat(framing("{\n  \"eventTime\": \"x\"\n}")).isFalse();
        assertThat(framing("{\"eventTime\":\"x\"}\n{\"eventTime\":\"y\"}\n")).isTrue();
        assertThat(framing("{\"eventTime\":\"x\"}")).isTrue();
        assertThat(framing("garbage\n")).isTrue();
        assertThat(framing("")).isTrue();
    }

    private static boolean framing(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return CloudTrailParser.isLineFraming(b, b.length, true);
    }

    @Test
    void positionsCountRecordsAcrossAFile() throws Exception {
        String[] recs = new String[3000];
        for (int i = 0; i < recs.length; i++) {
            recs[i] = i % 1000 == 999 ? "null" : record("id-" + i, ",\"sourceIPAddress\":\"10.0." + (i % 256) + ".1\"");
        }
        CollectingSink sink = parse(parser, records(recs), SourceRef.of("big"));
        assertThat(sink.events).hasSize(2997);
        assertThat(sink.deadLetters).hasSize(3);
        // record 2999 is the third "null"; the last event is record 2998
        assertThat(sink.events.get(2996).position()).isEqualTo(2998L);
        assertThat(sink.events.get(2996).get("source.ip")).isEqualTo("10.0.182.1");
        assertThat(sink.deadLetters).allMatch(d -> d.reason().equals("invalid_record: expected a JSON object, found null"));
    }
}
