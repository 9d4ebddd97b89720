package io.siemflink.parsers.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.testing.Conformance;
import io.siemflink.parsers.testing.GoldenFiles;
import io.siemflink.parsers.testing.TestPaths;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Our documents against Elastic's expected documents for its CloudTrail pipeline tests. */
class CloudTrailConformanceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ENRICHMENT = "enrichment, issue 4";
    private static final String ENTITY = "Elastic's optional actor/target entity mapping (tag actor_target_mapping); not implemented";
    private static final String TOSTRING = "JSON text instead of Java Map.toString() text in hash order (never comparable byte for byte)";

    static final List<String> CORE = List.of(
            "@timestamp", "ecs.version", "event.kind", "event.action", "event.provider", "event.id", "event.outcome",
            "event.category", "event.type", "event.original", "event.created",
            "cloud.account.id", "cloud.region", "cloud.provider", "cloud.service.name",
            "source.address", "source.ip",
            "source.geo.city_name", "source.geo.continent_name", "source.geo.country_iso_code", "source.geo.country_name",
            "source.geo.location.lat", "source.geo.location.lon", "source.geo.region_iso_code", "source.geo.region_name",
            "source.as.number", "source.as.organization.name",
            "user.id", "user.name", "user.email", "user.target.name", "user.target.id", "user.changes.name",
            "group.name", "group.id",
            "user_agent.original", "user_agent.name", "user_agent.version", "user_agent.device.name",
            "user_agent.os.name", "user_agent.os.version", "user_agent.os.full",
            "tls.version", "tls.version_protocol", "tls.cipher", "tls.client.server_name",
            "related.user", "related.ip", "related.entity",
            "actor.entity.id", "target.entity.id", "user.entity.id", "user.target.entity.id",
            "service.name", "service.entity.id", "service.target.entity.id",
            "aws.cloudtrail.event_version", "aws.cloudtrail.event_type", "aws.cloudtrail.event_category",
            "aws.cloudtrail.request_id", "aws.cloudtrail.recipient_account_id", "aws.cloudtrail.read_only",
            "aws.cloudtrail.management_event", "aws.cloudtrail.error_code", "aws.cloudtrail.error_message",
            "aws.cloudtrail.api_version", "aws.cloudtrail.shared_event_id", "aws.cloudtrail.vpc_endpoint_id",
            "aws.cloudtrail.resources",
            "aws.cloudtrail.request_parameters", "aws.cloudtrail.response_elements",
            "aws.cloudtrail.additional_eventdata", "aws.cloudtrail.service_event_details",
            "aws.cloudtrail.user_identity.type", "aws.cloudtrail.user_identity.arn",
            "aws.cloudtrail.user_identity.access_key_id", "aws.cloudtrail.user_identity.invoked_by",
            "aws.cloudtrail.user_identity.session_context.mfa_authenticated",
            "aws.cloudtrail.user_identity.session_context.creation_date",
            "aws.cloudtrail.user_identity.session_context.session_issuer.type",
            "aws.cloudtrail.user_identity.session_context.session_issuer.principal_id",
            "aws.cloudtrail.user_identity.session_context.session_issuer.arn",
            "aws.cloudtrail.user_identity.session_context.session_issuer.account_id",
            "aws.cloudtrail.console_login.additional_eventdata.login_to",
            "aws.cloudtrail.console_login.additional_eventdata.mfa_used",
            "aws.cloudtrail.console_login.additional_eventdata.mobile_version");

    static final Map<String, String> DEVIATIONS = new LinkedHashMap<>();

    static {
        DEVIATIONS.put("ecs.version", "two of Elastic's files were written with ECS 8.0.0; we write 8.11.0");
        DEVIATIONS.put("event.created", "Elastic copies the ingest time; the parser sets no ingest-time field (documents must be deterministic)");
        for (String f : CORE) {
            if (f.startsWith("source.geo.") || f.startsWith("source.as.")
                    || (f.startsWith("user_agent.") && !f.equals("user_agent.original"))) {
                DEVIATIONS.put(f, ENRICHMENT);
            }
        }
        DEVIATIONS.put("related.user", "we relate user.name, user.target.name and user.changes.name; Elastic's set varies by "
                + "version (adds principal ids, session names, access keys; none at all in its ECS 8.0.0 files)");
        DEVIATIONS.put("related.ip", "we always relate source.ip (the record carries it); Elastic does only with its actor/target mapping");
        DEVIATIONS.put("cloud.provider", "we always set it; Elastic's pipeline only with its actor/target mapping (its data stream adds it)");
        for (String f : List.of("cloud.service.name", "user.email", "related.entity", "actor.entity.id", "target.entity.id",
                "user.entity.id", "user.target.entity.id", "service.name", "service.entity.id", "service.target.entity.id")) {
            DEVIATIONS.put(f, ENTITY);
        }
        for (String f : List.of("request_parameters", "response_elements", "additional_eventdata", "service_event_details")) {
            DEVIATIONS.put("aws.cloudtrail." + f, TOSTRING);
        }
        DEVIATIONS.put("aws.cloudtrail.flattened.additional_eventdata.UserName",
                "Elastic moves UserName out of additionalEventData into user.name; we keep the object whole and copy it");
        DEVIATIONS.put("aws.cloudtrail.resources", "Elastic's pipeline of its ECS 8.0.0 files did not map resources yet; later ones do, as we do");
        DEVIATIONS.put("(digest file)", "digest files are integrity manifests, not activity: skipped (counted), not indexed");
    }

    @Test
    void matchesElasticOnCoreFields() throws Exception {
        Path dir = TestPaths.fixtures().resolve("elastic/cloudtrail");
        CloudTrailParser parser = new CloudTrailParser(ParserOptions.defaults().withKeepOriginal(true));
        List<Conformance.FileResult> results = new ArrayList<>();
        List<Path> inputs;
        try (Stream<Path> s = Files.list(dir)) {
            inputs = s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
        assertThat(inputs).hasSizeGreaterThanOrEqualTo(11);
        for (Path input : inputs) {
            String name = input.getFileName().toString();
            Conformance.FileResult r = new Conformance.FileResult(name);
            results.add(r);
            CollectingSink sink = new CollectingSink();
            try (InputStream in = Files.newInputStream(input)) {
                parser.parse(in, SourceRef.of(name), sink);
            }
            assertThat(sink.deadLetters).as(name).isEmpty();
            boolean minimal = Files.exists(dir.resolve(name + "-config.yml"))
                    && Files.readString(dir.resolve(name + "-config.yml")).contains("retain: minimal");
            JsonNode expected = MAPPER.readTree(dir.resolve(name + "-expected.json").toFile()).get("expected");
            int ev = 0;
            for (int i = 0; i < expected.size(); i++) {
                JsonNode exp = expected.get(i);
                if (exp.path("event").path("original").isMissingNode()) {
                    // Elastic's output for a blank input line: we count it as a skip instead.
                    assertThat(sink.skips).as(name).anyMatch(s -> s.reason().equals("blank_line"));
                    continue;
                }
                if (exp.path("aws").path("cloudtrail").path("flattened").has("digest")) {
                    assertThat(sink.skips).as(name).anyMatch(s -> s.reason().equals("cloudtrail digest file"));
                    r.documents++;
                    r.deviations.merge("(digest file)", 1, Integer::sum);
                    continue;
                }
                JsonNode act = GoldenFiles.document(sink.events.get(ev++));
                normalise(exp);
                normalise(act);
                TreeSet<String> core = new TreeSet<>(CORE);
                core.addAll(flattenedLeaves(exp));
                if (!minimal) {
                    // retain: minimal keeps only some parameter leaves; compare those it kept
                    core.addAll(flattenedLeaves(act));
                }
                Conformance.compare(i, exp, act, core, DEVIATIONS, r);
            }
            assertThat(ev).as(name + ": every event compared").isEqualTo(sink.events.size());
        }
        Conformance.report("cloudtrail", results, DEVIATIONS);
        assertThat(results.stream().flatMap(r -> r.mismatches.stream()).toList()).isEmpty();
        int matched = results.stream().mapToInt(r -> r.matched).sum();
        assertThat(matched).isGreaterThan(300);
    }

    private static List<String> flattenedLeaves(JsonNode doc) {
        return Conformance.flatten(doc).keySet().stream().filter(k -> k.startsWith("aws.cloudtrail.flattened.")).toList();
    }

    /** Elastic de-duplicates resources through a hash map, so their order is arbitrary: compare them sorted. */
    private static void normalise(JsonNode doc) {
        JsonNode ct = doc.path("aws").path("cloudtrail");
        if (ct.get("resources") instanceof ArrayNode a) {
            List<JsonNode> items = new ArrayList<>();
            a.forEach(items::add);
            items.sort(Comparator.comparing(JsonNode::toString));
            ((ObjectNode) ct).set("resources", MAPPER.valueToTree(items));
        }
    }
}
