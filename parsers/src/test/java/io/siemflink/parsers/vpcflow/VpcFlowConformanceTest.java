package io.siemflink.parsers.vpcflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.Timestamp;
import io.siemflink.parsers.testing.Conformance;
import io.siemflink.parsers.testing.GoldenFiles;
import io.siemflink.parsers.testing.TestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Compares our documents with Elastic's expected documents (AWS integration, data stream vpcflow) and with
 * Vector's {@code parse_aws_vpc_flow_log} cases, on a declared list of core fields. Any difference that is not
 * a declared deviation fails.
 */
class VpcFlowConformanceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The fields we promise to write as Elastic does. */
    static final List<String> CORE = List.of(
            "@timestamp", "ecs.version", "event.kind", "event.category", "event.type", "event.action",
            "event.outcome", "event.reason", "event.start", "event.end", "event.original",
            "event.dataset", "event.module",
            "cloud.provider", "cloud.account.id", "cloud.region", "cloud.availability_zone", "cloud.instance.id",
            "source.address", "source.ip", "source.port", "source.bytes", "source.packets",
            "destination.address", "destination.ip", "destination.port",
            "network.bytes", "network.packets", "network.transport", "network.iana_number", "network.type",
            "network.direction", "related.ip",
            "aws.vpcflow.version", "aws.vpcflow.account_id", "aws.vpcflow.interface_id", "aws.vpcflow.action",
            "aws.vpcflow.log_status", "aws.vpcflow.instance_id", "aws.vpcflow.vpc_id", "aws.vpcflow.subnet_id",
            "aws.vpcflow.tcp_flags", "aws.vpcflow.tcp_flags_array", "aws.vpcflow.type", "aws.vpcflow.pkt_srcaddr",
            "aws.vpcflow.pkt_dstaddr", "aws.vpcflow.pkt_src_service", "aws.vpcflow.pkt_dst_service",
            "aws.vpcflow.traffic_path", "aws.vpcflow.sublocation.type", "aws.vpcflow.sublocation.id",
            "aws.vpcflow.tgw_id", "aws.vpcflow.tgw_attachment_id", "aws.vpcflow.tgw_src_vpc_id",
            "aws.vpcflow.tgw_dst_vpc_id", "aws.vpcflow.tgw_src_eni", "aws.vpcflow.tgw_dst_eni",
            "aws.vpcflow.tgw_src_vpc_account_id", "aws.vpcflow.tgw_dst_vpc_account_id",
            "aws.vpcflow.tgw_src_subnet_id", "aws.vpcflow.tgw_dst_subnet_id", "aws.vpcflow.tgw_src_az_id",
            "aws.vpcflow.tgw_dst_az_id", "aws.vpcflow.tgw_pair_attachment_id", "aws.vpcflow.resource_type",
            "aws.vpcflow.ecs_cluster_arn", "aws.vpcflow.ecs_container_id", "aws.vpcflow.ecs_second_container_id",
            "aws.vpcflow.ecs_task_definition_arn", "aws.vpcflow.ecs_task_arn", "aws.vpcflow.ecs_task_id",
            "orchestrator.cluster.id", "orchestrator.cluster.name", "orchestrator.resource.id",
            "orchestrator.resource.name", "service.name",
            // enrichment fields, compared so that the report counts them as declared deviations
            "network.community_id", "source.geo.country_iso_code", "destination.geo.country_iso_code",
            "source.as.number", "destination.as.number");

    /** Expected-document fields that are not compared at all (prefixes). */
    static final List<String> NOT_COMPARED = List.of("source.geo.", "destination.geo.", "source.as.",
            "destination.as.", "tags");

    static final Map<String, String> DEVIATIONS = new LinkedHashMap<>();
    static final String INCONSISTENT = "upstream fixture inconsistency: Elastic's expected value does not occur in "
            + "that document's own event.original (input and expected file from different commits)";

    static {
        String enrichment = "enrichment (geo, as, community_id), issue 4";
        for (String f : List.of("network.community_id", "source.geo.country_iso_code",
                "destination.geo.country_iso_code", "source.as.number", "destination.as.number")) {
            DEVIATIONS.put(f, enrichment);
        }
        DEVIATIONS.put("event.dataset", "set by Elastic's agent / data stream, not by the ingest pipeline under test");
        DEVIATIONS.put("event.module", "set by Elastic's agent / data stream, not by the ingest pipeline under test");
        DEVIATIONS.put("cloud.region", "Elastic leaves the literal '-' of an absent region; '-' means absent");
        DEVIATIONS.put("cloud.availability_zone", "Elastic leaves the literal '-' of an absent az-id; '-' means absent");
        DEVIATIONS.put("ecs.version", "older Elastic expected files were written with ECS 8.0.0; we write 8.11.0");
        DEVIATIONS.put("event.category", "older Elastic pipeline versions wrote a string, not an array");
        DEVIATIONS.put("event.type", "older Elastic pipeline versions wrote 'connection' only (no allowed/denied)");
        DEVIATIONS.put("event.action", "older Elastic pipeline versions did not copy the action to event.action");
        DEVIATIONS.put("related.ip", "Elastic repeats an IP that is both source and destination; we list it once");
        DEVIATIONS.put("aws.vpcflow.* (one document)", INCONSISTENT);
        DEVIATIONS.put("aws.vpcflow.ecs_cluster_arn", "Elastic's versions disagree (this field or "
                + "orchestrator.cluster.id); we write both");
        DEVIATIONS.put("orchestrator.cluster.id", "Elastic's versions disagree (this field or "
                + "aws.vpcflow.ecs_cluster_arn); we write both");
    }

    /** The deviations that apply to one expected document: each is allowed only where its reason holds. */
    static Map<String, String> deviationsFor(Map<String, JsonNode> exp) {
        Map<String, String> d = new TreeMap<>();
        for (String f : List.of("network.community_id", "source.geo.country_iso_code",
                "destination.geo.country_iso_code", "source.as.number", "destination.as.number",
                "event.dataset", "event.module")) {
            d.put(f, DEVIATIONS.get(f));
        }
        for (String f : List.of("cloud.region", "cloud.availability_zone")) {
            if (exp.containsKey(f) && exp.get(f).asText().equals("-")) {
                d.put(f, DEVIATIONS.get(f));
            }
        }
        if (exp.containsKey("ecs.version") && exp.get("ecs.version").asText().equals("8.0.0")) {
            d.put("ecs.version", DEVIATIONS.get("ecs.version"));
        }
        boolean oldPipeline = (exp.containsKey("event.category") && exp.get("event.category").isTextual())
                || (exp.containsKey("aws.vpcflow.action") && !exp.containsKey("event.action"));
        if (oldPipeline) {
            for (String f : List.of("event.category", "event.type", "event.action")) {
                d.put(f, DEVIATIONS.get(f));
            }
        }
        JsonNode rel = exp.get("related.ip");
        if (rel != null && rel.size() == 2 && rel.get(0).equals(rel.get(1))) {
            d.put("related.ip", DEVIATIONS.get("related.ip"));
        }
        JsonNode original = exp.get("event.original");
        if (original != null) {
            for (Map.Entry<String, JsonNode> e : exp.entrySet()) {
                if (e.getKey().startsWith("aws.vpcflow.") && e.getValue().isTextual()
                        && !(" " + original.asText() + " ").contains(" " + e.getValue().asText() + " ")) {
                    d.put(e.getKey(), INCONSISTENT);
                }
            }
        }
        if (exp.containsKey("aws.vpcflow.ecs_cluster_arn") != exp.containsKey("orchestrator.cluster.id")) {
            d.put("aws.vpcflow.ecs_cluster_arn", DEVIATIONS.get("aws.vpcflow.ecs_cluster_arn"));
            d.put("orchestrator.cluster.id", DEVIATIONS.get("orchestrator.cluster.id"));
        }
        return d;
    }

    @Test
    void elasticExpectedDocuments() throws IOException {
        Path dir = TestPaths.fixtures().resolve("elastic/vpcflow");
        List<Path> inputs;
        try (Stream<Path> s = Files.list(dir)) {
            inputs = s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        assertThat(inputs).hasSizeGreaterThanOrEqualTo(7);
        VpcFlowParser parser = new VpcFlowParser(ParserOptions.defaults().withKeepOriginal(true));
        List<Conformance.FileResult> results = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path input : inputs) {
            String name = input.getFileName().toString();
            JsonNode expected = MAPPER.readTree(input.resolveSibling(name + "-expected.json").toFile()).get("expected");
            CollectingSink sink = new CollectingSink();
            try (InputStream in = Files.newInputStream(input)) {
                parser.parse(in, SourceRef.of(name), sink);
            }
            Conformance.FileResult r = new Conformance.FileResult(name);
            if (!sink.deadLetters.isEmpty() || sink.events.size() != expected.size()) {
                problems.add(name + ": " + sink.events.size() + " events for " + expected.size()
                        + " expected documents; dead letters: " + sink.deadLetters);
            }
            for (int i = 0; i < expected.size(); i++) {
                Map<String, JsonNode> exp = Conformance.flatten(expected.get(i));
                for (String f : exp.keySet()) {
                    if (!CORE.contains(f) && NOT_COMPARED.stream().noneMatch(f::startsWith)) {
                        problems.add(name + " doc " + i + ": Elastic field " + f + " is neither core nor declared");
                    }
                }
                JsonNode actual = i < sink.events.size() ? GoldenFiles.document(sink.events.get(i)) : null;
                Conformance.compare(i, expected.get(i), actual, CORE, deviationsFor(exp), r);
            }
            results.add(r);
            problems.addAll(r.mismatches.stream().map(m -> name + ": " + m).toList());
        }
        String report = Conformance.report("vpcflow-elastic", results, DEVIATIONS);
        System.out.println(report);
        assertThat(problems).as(report).isEmpty();
        assertThat(results.stream().mapToInt(r -> r.matched).sum()).isGreaterThan(1000);
    }

    /** Vector's raw field names -> ours, with the JSON type we write. */
    private static final Map<String, String[]> VECTOR_NAMES = new LinkedHashMap<>();

    static {
        String[][] rows = {
                {"version", "aws.vpcflow.version", "string"},
                {"account_id", "aws.vpcflow.account_id", "string"},
                {"interface_id", "aws.vpcflow.interface_id", "string"},
                {"srcaddr", "source.address", "string"},
                {"dstaddr", "destination.address", "string"},
                {"srcport", "source.port", "number"},
                {"dstport", "destination.port", "number"},
                {"protocol", "network.iana_number", "string"},
                {"packets", "source.packets", "number"},
                {"bytes", "source.bytes", "number"},
                {"start", "event.start", "epoch"},
                {"end", "event.end", "epoch"},
                {"action", "aws.vpcflow.action", "string"},
                {"log_status", "aws.vpcflow.log_status", "string"},
                {"vpc_id", "aws.vpcflow.vpc_id", "string"},
                {"subnet_id", "aws.vpcflow.subnet_id", "string"},
                {"instance_id", "aws.vpcflow.instance_id", "string"},
                {"tcp_flags", "aws.vpcflow.tcp_flags", "string"},
                {"type", "aws.vpcflow.type", "string"},
                {"pkt_srcaddr", "aws.vpcflow.pkt_srcaddr", "string"},
                {"pkt_dstaddr", "aws.vpcflow.pkt_dstaddr", "string"},
                {"region", "cloud.region", "string"},
                {"az_id", "cloud.availability_zone", "string"},
                {"sublocation_type", "aws.vpcflow.sublocation.type", "string"},
                {"sublocation_id", "aws.vpcflow.sublocation.id", "string"},
                {"pkt_src_aws_service", "aws.vpcflow.pkt_src_service", "string"},
                {"pkt_dst_aws_service", "aws.vpcflow.pkt_dst_service", "string"},
                {"flow_direction", "network.direction", "string"},
                {"traffic_path", "aws.vpcflow.traffic_path", "string"},
                {"reject_reason", "event.reason", "string"},
                {"resource_id", "aws.vpcflow.resource_id", "string"},
                {"encryption_status", "aws.vpcflow.encryption_status", "string"},
                {"interface_type", "aws.vpcflow.interface_type", "string"},
        };
        for (String[] r : rows) {
            VECTOR_NAMES.put(r[0], new String[] {r[1], r[2]});
        }
    }

    private static ObjectNode vectorToOurs(JsonNode vectorExpected, List<String> problems, String caseName) {
        Map<String, Object> flat = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = vectorExpected.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String[] m = VECTOR_NAMES.get(e.getKey());
            if (m == null) {
                problems.add(caseName + ": Vector field " + e.getKey() + " has no mapping in this test");
                continue;
            }
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue; // Vector's null for '-': absent in our documents
            }
            switch (m[1]) {
                case "string" -> flat.put(m[0], v.asText());
                case "number" -> flat.put(m[0], v.asLong());
                case "epoch" -> flat.put(m[0], Timestamp.ofEpochSecond(v.asLong()).toString());
                default -> throw new IllegalStateException(m[1]);
            }
        }
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        flat.forEach((k, v) -> {
            ObjectNode o = doc;
            String[] parts = k.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                o = o.has(parts[i]) ? (ObjectNode) o.get(parts[i]) : o.putObject(parts[i]);
            }
            if (v instanceof Long l) {
                o.put(parts[parts.length - 1], l);
            } else {
                o.put(parts[parts.length - 1], (String) v);
            }
        });
        return doc;
    }

    @Test
    void vectorCases() throws IOException {
        JsonNode root = MAPPER.readTree(TestPaths.fixtures().resolve("vector/parse_aws_vpc_flow_log.json").toFile());
        List<String> core = VECTOR_NAMES.values().stream().map(v -> v[0]).toList();
        List<String> problems = new ArrayList<>();
        List<Conformance.FileResult> results = new ArrayList<>();

        Conformance.FileResult cases = new Conformance.FileResult("parse_aws_vpc_flow_log.json (cases + docs_examples)");
        List<JsonNode[]> pairs = new ArrayList<>(); // input, format (or null), expected
        for (JsonNode c : root.get("cases")) {
            pairs.add(new JsonNode[] {c.get("args").get("value"), c.get("args").get("format"), c.get("expected")});
        }
        for (JsonNode ex : root.get("docs_examples")) {
            // The examples are VRL calls: parse_aws_vpc_flow_log!("<line>"[, [format:] "<format>"])
            List<String> literals = stringLiterals(ex.get("source").asText());
            JsonNode format = literals.size() > 1 ? JsonNodeFactory.instance.textNode(literals.get(1)) : null;
            pairs.add(new JsonNode[] {JsonNodeFactory.instance.textNode(literals.get(0)), format, ex.get("expected")});
        }
        int i = 0;
        for (JsonNode[] p : pairs) {
            String caseName = "case " + i;
            VpcFlowParser parser = parserFor(p[1]);
            CollectingSink sink = new CollectingSink();
            parser.parseRecord(p[0].asText(), SourceRef.of("vector"), i, sink);
            if (sink.events.size() != 1) {
                problems.add(caseName + ": no event: " + sink.deadLetters);
                i++;
                continue;
            }
            ObjectNode expected = vectorToOurs(p[2], problems, caseName);
            Conformance.compare(i, expected, GoldenFiles.document(sink.events.get(0)), core, Map.of(), cases);
            i++;
        }
        results.add(cases);
        problems.addAll(cases.mismatches);

        // parse_ok_cases: every line must parse with its format (the default when null).
        Conformance.FileResult ok = new Conformance.FileResult("parse_aws_vpc_flow_log.json (parse_ok_cases)");
        for (JsonNode group : root.get("parse_ok_cases").get("groups")) {
            VpcFlowParser parser = parserFor(group.get("format"));
            for (JsonNode in : group.get("inputs")) {
                CollectingSink sink = new CollectingSink();
                parser.parseRecord(in.asText(), SourceRef.of("vector"), 0, sink);
                ok.documents++;
                if (sink.events.size() == 1) {
                    ok.matched++;
                } else {
                    ok.mismatches.add("did not parse: " + in.asText() + " " + sink.deadLetters);
                }
            }
        }
        results.add(ok);
        problems.addAll(ok.mismatches);
        String report = Conformance.report("vpcflow-vector", results, Map.of());
        System.out.println(report);
        assertThat(problems).as(report).isEmpty();
        assertThat(cases.documents).isEqualTo(6);
        assertThat(ok.matched).isEqualTo(30);
    }

    private static VpcFlowParser parserFor(JsonNode format) {
        ParserOptions o = ParserOptions.defaults();
        return new VpcFlowParser(format == null || format.isNull() ? o : o.withVpcFormat(format.asText()));
    }

    /** The double-quoted string literals of a VRL call, unescaped enough for these examples. */
    private static List<String> stringLiterals(String src) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while ((i = src.indexOf('"', i)) >= 0) {
            int j = src.indexOf('"', i + 1);
            out.add(src.substring(i + 1, j));
            i = j + 1;
        }
        return out;
    }
}
