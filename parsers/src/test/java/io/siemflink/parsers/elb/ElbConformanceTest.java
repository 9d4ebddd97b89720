package io.siemflink.parsers.elb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.testing.Conformance;
import io.siemflink.parsers.testing.GoldenFiles;
import io.siemflink.parsers.testing.TestPaths;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Our documents against Elastic's expected documents (the {@code aws} integration's elb_logs pipeline test and the
 * older Filebeat module's ALB test) and against Vector's {@code parse_aws_alb_log} cases, on a declared list of
 * core fields. Every difference must be a declared deviation with a reason; some are declared for one document
 * only (the lines where the other parser lost its way), the rest for a whole source. The report is written to
 * {@code target/conformance/elb.md}.
 */
class ElbConformanceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ElbParser PARSER = new ElbParser(ParserOptions.defaults().withKeepOriginal(true));

    /** Fields compared for every document (a field both sides lack counts as agreeing). */
    static final List<String> CORE = List.of(
            "@timestamp", "event.start", "event.end", "event.outcome", "event.category", "event.kind",
            "event.original", "event.dataset", "event.module", "ecs.version", "cloud.provider",
            "source.ip", "source.address", "source.port", "source.bytes", "destination.bytes", "destination.domain",
            "client.ip", "client.port",
            "http.request.method", "http.request.body.bytes", "http.response.body.bytes",
            "http.response.status_code", "http.version", "http.request.referrer",
            "url.original", "url.scheme", "url.domain", "url.port", "url.path", "url.query", "url.extension",
            "user_agent.original", "trace.id", "tracing.trace.id",
            "tls.cipher", "tls.version", "tls.version_protocol",
            "aws.elb.name", "aws.elb.type", "aws.elb.protocol", "aws.elb.listener",
            "aws.elb.backend.ip", "aws.elb.backend.port", "aws.elb.backend.http.response.status_code",
            "aws.elb.request_processing_time.sec", "aws.elb.backend_processing_time.sec",
            "aws.elb.response_processing_time.sec", "aws.elb.connection_time.ms", "aws.elb.tls_handshake_time.ms",
            "aws.elb.tls_handshake_latency", "aws.elb.ssl_cipher", "aws.elb.ssl_protocol",
            "aws.elb.target_group.arn", "aws.elb.trace_id", "aws.elb.chosen_cert.arn", "aws.elb.chosen_cert.serial",
            "aws.elb.matched_rule_priority", "aws.elb.action_executed", "aws.elb.redirect_url",
            "aws.elb.error.reason", "aws.elb.target_port", "aws.elb.target_status_code", "aws.elb.classification",
            "aws.elb.classification_reason", "aws.elb.conn_trace_id", "aws.elb.transformed_host",
            "aws.elb.transformed_uri", "aws.elb.request_transform_status", "aws.elb.incoming_tls_alert",
            "aws.elb.tls_named_group", "aws.elb.alpn_fe_protocol", "aws.elb.alpn_be_protocol",
            "aws.elb.alpn_client_preference_list", "aws.elb.tls_connection_creation_time",
            "aws.elb.leaf_client_cert_subject", "aws.elb.leaf_client_cert_not_before",
            "aws.elb.leaf_client_cert_not_after", "aws.elb.leaf_client_cert_serial_number",
            "aws.elb.tls_verify_status", "aws.elb.tls_error_code",
            // enrichment (issue 4): compared so that they show up, declared below
            "source.geo.continent_name", "source.geo.country_iso_code", "source.geo.country_name",
            "source.geo.city_name", "source.geo.region_iso_code", "source.geo.region_name",
            "source.geo.location.lat", "source.geo.location.lon", "source.as.number",
            "source.as.organization.name", "user_agent.name", "user_agent.version", "user_agent.device.name",
            "user_agent.os.name", "user_agent.os.version", "user_agent.os.full");

    static final String ENRICHMENT = "enrichment, issue 4 (geo, AS and user-agent parsing are not the parser's job)";
    static final String MICROS = "we keep the log's microseconds (Timestamp keeps them); Elastic truncates to "
            + "milliseconds: the same instant to the millisecond";
    static final String DASH = "'-' is AWS's 'no value': we omit the field, Elastic keeps the dash as a value";

    /** Differences from Elastic's current integration that hold for every document. */
    static Map<String, String> elasticDeviations() {
        Map<String, String> d = new TreeMap<>();
        for (String f : CORE) {
            if (f.startsWith("source.geo.") || f.startsWith("source.as.") || (f.startsWith("user_agent.")
                    && !f.equals("user_agent.original"))) {
                d.put(f, ENRICHMENT);
            }
        }
        d.put("@timestamp", MICROS);
        d.put("event.end", MICROS);
        d.put("aws.elb.backend.port", "a long, not a keyword string: a port is a number (Elastic maps it as keyword)");
        d.put("aws.elb.target_group.arn", DASH);
        d.put("user_agent.original", DASH);
        d.put("aws.elb.leaf_client_cert_subject", DASH);
        d.put("aws.elb.alpn_client_preference_list", "a list of protocols ([\"h2\",\"http/1.1\"]); Elastic keeps "
                + "the raw text minus its outer quotes as one string (h2\\\",\\\"http/1.1)");
        d.put("event.outcome", "connection logs: we set it from tls_verify_status (Success/Failed); Elastic sets "
                + "none there");
        d.put("aws.elb.conn_trace_id", "Elastic does not map conn_trace_id; we keep it, it joins access and "
                + "connection logs");
        d.put("event.dataset", "set by Elastic's data stream routing, not by its pipeline (absent from its "
                + "pipeline test output)");
        d.put("event.module", "set by Elastic's data stream routing, not by its pipeline");
        return d;
    }

    /**
     * test-alb.log line 10 has a malformed request line and {@code -} as matched_rule_priority: Elastic's ALB grok
     * fails and its classic-ELB grok matches from the second field on, losing the type, request_creation_time and
     * URL. We read the ALB line as such.
     */
    static Map<String, String> elasticMalformedRequestLine() {
        Map<String, String> d = new TreeMap<>();
        String why = "test-alb.log line 10 only: Elastic's ALB pattern fails on the malformed request line and its "
                + "classic pattern matches from field 2, so it lacks what we read";
        for (String f : List.of("aws.elb.type", "event.start", "url.original", "url.scheme", "url.domain",
                "url.path")) {
            d.put(f, why);
        }
        return d;
    }

    /** The Filebeat module (ECS 1.x era) wrote older field names and string types. */
    static Map<String, String> beatsDeviations() {
        Map<String, String> d = elasticDeviations();
        d.put("aws.elb.trace_id", DASH);
        d.put("trace.id", "Filebeat wrote tracing.trace.id (pre-ECS-1.5 name); we write trace.id as the current "
                + "integration does");
        d.put("tracing.trace.id", "old name, see trace.id");
        d.put("http.request.referrer", "Filebeat put the request URL in http.request.referrer; it is the request's "
                + "own URL, so we (and the current integration) write url.original");
        for (String f : List.of("url.original", "url.scheme", "url.domain", "url.port", "url.path", "url.query",
                "url.extension")) {
            d.put(f, "Filebeat did not split the request URL; we write url.* as the current integration does");
        }
        d.put("http.request.method", "Filebeat lowercased the method; we keep it as sent, as the current "
                + "integration does");
        d.put("event.category", "Filebeat wrote a string; ECS 8 and the current integration write an array");
        d.put("source.port", "Filebeat wrote a string; we write a number, as the current integration does");
        d.put("source.address", "Filebeat did not write source.address; the current integration does");
        d.put("aws.elb.backend.http.response.status_code", "Filebeat wrote a string; we write a number, as the "
                + "current integration does");
        d.put("ecs.version", "Filebeat's test output has no ecs.version");
        d.put("event.original", "Filebeat kept the raw line in message, not event.original");
        d.put("event.dataset", "Filebeat's dataset was aws.elb; the integration's data stream is aws.elb_logs");
        return d;
    }

    /** example-alb-http.log line 5 has {@code "-"1} (no space after a quote): Filebeat's grok stopped there. */
    static Map<String, String> beatsGluedQuote() {
        Map<String, String> d = new TreeMap<>();
        String why = "example-alb-http.log line 5 only: the line has \"-\"1 (no space after a closing quote) and "
                + "Filebeat's pattern gave up there; we split at the quote and read the rest";
        for (String f : List.of("aws.elb.type", "aws.elb.target_group.arn", "aws.elb.trace_id", "trace.id",
                "aws.elb.matched_rule_priority", "event.start", "aws.elb.action_executed")) {
            d.put(f, why);
        }
        return d;
    }

    /** Vector keeps -1 for timings AWS writes as -1 ("no value"). */
    static Map<String, String> vectorDeviations() {
        Map<String, String> d = new TreeMap<>();
        String why = "Vector keeps -1 as -1.0; AWS writes -1 when the value does not exist (no target, "
                + "timeout), so we omit the field";
        d.put("aws.elb.request_processing_time.sec", why);
        d.put("aws.elb.backend_processing_time.sec", why);
        d.put("aws.elb.response_processing_time.sec", why);
        return d;
    }

    @Test
    void elasticAndVectorConformance() throws IOException {
        Path fixtures = TestPaths.fixtures();
        List<Conformance.FileResult> results = new ArrayList<>();
        Map<String, String> all = new TreeMap<>();

        // Elastic integration pipeline test.
        Map<String, String> elastic = elasticDeviations();
        Map<String, String> elasticLine10 = merge(elastic, elasticMalformedRequestLine());
        results.add(compareFile(fixtures.resolve("elastic/elb_logs/test-alb.log"),
                i -> i == 9 ? elasticLine10 : elastic));
        all.putAll(elastic);
        all.putAll(elasticMalformedRequestLine());

        // Filebeat module test (only this file of beats-module has expected output).
        Map<String, String> beats = beatsDeviations();
        Map<String, String> beatsLine5 = merge(beats, beatsGluedQuote());
        results.add(compareFile(fixtures.resolve("elastic/elb_logs/beats-module/example-alb-http.log"),
                i -> i == 4 ? beatsLine5 : beats));
        beats.forEach((f, why) -> all.merge(f, why, (a, b) -> a.equals(b) ? a : a + " | Filebeat: " + b));
        all.putAll(beatsGluedQuote());

        // Vector's parse_aws_alb_log cases.
        Map<String, String> vector = vectorDeviations();
        results.add(compareVector(fixtures.resolve("vector/parse_aws_alb_log.json"), vector));
        vector.forEach((f, why) -> all.merge(f, why, (a, b) -> a + " | Vector: " + b));

        String report = Conformance.report("elb", results, all);
        System.out.println(report);
        for (Conformance.FileResult r : results) {
            assertThat(r.documents).as(r.file).isGreaterThan(0);
            assertThat(r.matched).as(r.file).isGreaterThan(r.documents * 10);
            assertThat(r.mismatches).as(r.file + " undeclared differences").isEmpty();
        }
    }

    interface DeviationsFor {
        Map<String, String> forDoc(int index);
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new TreeMap<>(a);
        m.putAll(b);
        return m;
    }

    private Conformance.FileResult compareFile(Path log, DeviationsFor deviations) throws IOException {
        JsonNode root = MAPPER.readTree(log.resolveSibling(log.getFileName() + "-expected.json").toFile());
        JsonNode expected = root.isArray() ? root : root.get("expected");
        List<JsonNode> actual = parse(log);
        Conformance.FileResult r = new Conformance.FileResult(log.getParent().getFileName() + "/" + log.getFileName());
        assertThat(actual).as(r.file + " documents").hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Conformance.compare(i, expected.get(i), actual.get(i), CORE, deviations.forDoc(i), r);
        }
        return r;
    }

    private List<JsonNode> parse(Path log) throws IOException {
        CollectingSink sink = new CollectingSink();
        try (InputStream in = Files.newInputStream(log)) {
            PARSER.parse(in, SourceRef.of(log.getFileName().toString()), sink);
        }
        assertThat(sink.deadLetters).as(log + " dead letters").isEmpty();
        List<JsonNode> docs = new ArrayList<>();
        for (Event e : sink.events) {
            docs.add(GoldenFiles.document(e));
        }
        return docs;
    }

    private Conformance.FileResult compareVector(Path file, Map<String, String> deviations) throws IOException {
        JsonNode root = MAPPER.readTree(file.toFile());
        Conformance.FileResult r = new Conformance.FileResult("vector/parse_aws_alb_log.json");
        List<String> core = new ArrayList<>(new LinkedHashMap<>(VECTOR_NAMES).values().stream()
                .flatMap(List::stream).distinct().toList());
        int i = 0;
        for (JsonNode c : root.get("cases")) {
            compareVectorCase(i++, c.get("input").asText(), c.get("expected"), core, deviations, r);
        }
        for (JsonNode ex : root.get("docs_examples")) {
            compareVectorCase(i++, vrlStringArgument(ex.get("source").asText()), ex.get("expected"), core,
                    deviations, r);
        }
        return r;
    }

    private void compareVectorCase(int index, String line, JsonNode vector, List<String> core,
                                   Map<String, String> deviations, Conformance.FileResult r) {
        CollectingSink sink = new CollectingSink();
        PARSER.parseRecord(line, SourceRef.of("vector"), index, sink);
        assertThat(sink.deadLetters).as("vector case " + index).isEmpty();
        Conformance.compare(index, fromVector(vector), GoldenFiles.document(sink.events.get(0)), core, deviations, r);
    }

    /** Vector's output names and the fields they are in our documents. */
    static final Map<String, List<String>> VECTOR_NAMES = new LinkedHashMap<>();

    static {
        VECTOR_NAMES.put("type", List.of("aws.elb.type"));
        VECTOR_NAMES.put("timestamp", List.of("@timestamp"));
        VECTOR_NAMES.put("elb", List.of("aws.elb.name"));
        VECTOR_NAMES.put("client_host", List.of("source.ip", "source.port"));
        VECTOR_NAMES.put("target_host", List.of("aws.elb.backend.ip", "aws.elb.backend.port"));
        VECTOR_NAMES.put("request_processing_time", List.of("aws.elb.request_processing_time.sec"));
        VECTOR_NAMES.put("target_processing_time", List.of("aws.elb.backend_processing_time.sec"));
        VECTOR_NAMES.put("response_processing_time", List.of("aws.elb.response_processing_time.sec"));
        VECTOR_NAMES.put("elb_status_code", List.of("http.response.status_code"));
        VECTOR_NAMES.put("target_status_code", List.of("aws.elb.backend.http.response.status_code"));
        VECTOR_NAMES.put("received_bytes", List.of("http.request.body.bytes"));
        VECTOR_NAMES.put("sent_bytes", List.of("http.response.body.bytes"));
        VECTOR_NAMES.put("request_method", List.of("http.request.method"));
        VECTOR_NAMES.put("request_url", List.of("url.original"));
        VECTOR_NAMES.put("request_protocol", List.of("http.version"));
        VECTOR_NAMES.put("user_agent", List.of("user_agent.original"));
        VECTOR_NAMES.put("ssl_cipher", List.of("aws.elb.ssl_cipher"));
        VECTOR_NAMES.put("ssl_protocol", List.of("aws.elb.ssl_protocol"));
        VECTOR_NAMES.put("target_group_arn", List.of("aws.elb.target_group.arn"));
        VECTOR_NAMES.put("trace_id", List.of("aws.elb.trace_id"));
        VECTOR_NAMES.put("domain_name", List.of("destination.domain"));
        VECTOR_NAMES.put("chosen_cert_arn", List.of("aws.elb.chosen_cert.arn"));
        VECTOR_NAMES.put("matched_rule_priority", List.of("aws.elb.matched_rule_priority"));
        VECTOR_NAMES.put("request_creation_time", List.of("event.start"));
        VECTOR_NAMES.put("actions_executed", List.of("aws.elb.action_executed"));
        VECTOR_NAMES.put("redirect_url", List.of("aws.elb.redirect_url"));
        VECTOR_NAMES.put("error_reason", List.of("aws.elb.error.reason"));
        VECTOR_NAMES.put("target_port_list", List.of("aws.elb.target_port"));
        VECTOR_NAMES.put("target_status_code_list", List.of("aws.elb.target_status_code"));
        VECTOR_NAMES.put("classification", List.of("aws.elb.classification"));
        VECTOR_NAMES.put("classification_reason", List.of("aws.elb.classification_reason"));
        VECTOR_NAMES.put("traceability_id", List.of("aws.elb.conn_trace_id"));
    }

    /**
     * Vector's flat object as one of our documents. Representation only: Vector returns raw strings where we have
     * numbers, lists and split values, so the mapping converts ({@code "200"} to 200, {@code "a,b"} to [a, b],
     * {@code ip:port} to ip and port, {@code HTTP/1.1} to {@code 1.1}, [] and null to absent); values are not
     * changed, so a -1 timing stays -1.
     */
    static JsonNode fromVector(JsonNode v) {
        ObjectNode flat = JsonNodeFactory.instance.objectNode();
        v.fields().forEachRemaining(e -> {
            String name = e.getKey();
            JsonNode val = e.getValue();
            List<String> ours = VECTOR_NAMES.get(name);
            if (ours == null) {
                throw new AssertionError("unmapped Vector field " + name);
            }
            if (val.isNull() || (val.isArray() && val.isEmpty())) {
                return;
            }
            switch (name) {
                case "client_host", "target_host" -> {
                    String s = val.asText();
                    int c = s.lastIndexOf(':');
                    flat.put(ours.get(0), s.substring(0, c));
                    flat.put(ours.get(1), Long.parseLong(s.substring(c + 1)));
                }
                case "elb_status_code", "target_status_code" -> flat.put(ours.get(0), Long.parseLong(val.asText()));
                case "request_protocol" -> flat.put(ours.get(0), val.asText().replaceFirst("^HTTP/", ""));
                case "actions_executed" -> {
                    ArrayNode a = flat.putArray(ours.get(0));
                    for (String s : val.asText().split(",")) {
                        a.add(s);
                    }
                }
                default -> flat.set(ours.get(0), val);
            }
        });
        // Dotted names -> nested document, as Conformance flattens both sides the same way.
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        flat.fields().forEachRemaining(e -> {
            String[] parts = e.getKey().split("\\.");
            ObjectNode o = doc;
            for (int k = 0; k < parts.length - 1; k++) {
                o = o.has(parts[k]) ? (ObjectNode) o.get(parts[k]) : o.putObject(parts[k]);
            }
            o.set(parts[parts.length - 1], e.getValue());
        });
        return doc;
    }

    /** The string literal passed to {@code parse_aws_alb_log!("...")} in a VRL example. */
    static String vrlStringArgument(String vrl) {
        int i = vrl.indexOf('"');
        StringBuilder b = new StringBuilder();
        for (int p = i + 1; p < vrl.length(); p++) {
            char c = vrl.charAt(p);
            if (c == '\\' && p + 1 < vrl.length()) {
                b.append(vrl.charAt(++p));
            } else if (c == '"') {
                return b.toString();
            } else {
                b.append(c);
            }
        }
        throw new AssertionError("no string literal in " + vrl);
    }

    @Test
    void everyBeatsModuleInputParsesWithoutDeadLetters() throws IOException {
        Path dir = TestPaths.fixtures().resolve("elastic/elb_logs/beats-module");
        int files = 0;
        try (var s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                CollectingSink sink = new CollectingSink();
                byte[] bytes = Files.readAllBytes(p);
                PARSER.parse(new ByteArrayInputStream(bytes), SourceRef.of(p.getFileName().toString()), sink);
                long lines = new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).count();
                assertThat(sink.deadLetters).as(p.getFileName().toString()).isEmpty();
                assertThat(sink.events).as(p.getFileName().toString()).hasSize((int) lines);
                files++;
            }
        }
        assertThat(files).isEqualTo(8);
    }
}
