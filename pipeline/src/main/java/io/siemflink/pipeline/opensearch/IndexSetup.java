package io.siemflink.pipeline.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siemflink.parsers.LogType;
import io.siemflink.pipeline.sink.IndexNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Installs the index templates ({@code src/main/resources/opensearch/}): one component template of shared ECS
 * mappings, one per log family, and composable index templates for the three event families, the dead-letter
 * index and the findings index. Idempotent: each template is compared with what the cluster holds and only PUT
 * when missing or different. A retention ISM policy is installed only where the index-management plugin exists.
 */
public final class IndexSetup {
    /** The resources use this name prefix; {@link Settings#templatePrefix()} replaces it. */
    static final String RESOURCE_PREFIX = "siemflink";
    static final String SKIP_ISM_MESSAGE = "index management plugin not installed; skipping ISM policy";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INTERVAL = Pattern.compile("-1|[0-9]+(ms|s|m|h|d)");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.+-]*");

    /**
     * What to install.
     *
     * @param shards           {@code index.number_of_shards} of every index
     * @param replicas         {@code index.number_of_replicas} (0 on a single node; at least 1 on a real cluster)
     * @param refreshInterval  {@code index.refresh_interval}, e.g. {@code 5s}, {@code 30s}, {@code -1}
     * @param templatePrefix   name prefix of the templates and of the ISM policy ({@code siemflink})
     * @param indexNames       the event index prefixes, as the sink uses them
     * @param deadLetterPrefix dead-letter index prefix ({@code siem-deadletter})
     * @param findingsPrefix   findings index prefix ({@code siem-findings})
     * @param retentionDays    ISM: delete indices this many days after creation; 0 installs no policy
     */
    public record Settings(int shards, int replicas, String refreshInterval, String templatePrefix,
                           IndexNames indexNames, String deadLetterPrefix, String findingsPrefix,
                           int retentionDays) {
        public Settings {
            if (shards < 1) {
                throw new IllegalArgumentException("index.shards must be at least 1, was " + shards);
            }
            if (replicas < 0) {
                throw new IllegalArgumentException("index.replicas must be 0 or more, was " + replicas);
            }
            if (refreshInterval == null || !INTERVAL.matcher(refreshInterval).matches()) {
                throw new IllegalArgumentException("index.refresh-interval must look like 5s, 500ms, 1m or -1, was "
                        + refreshInterval);
            }
            if (retentionDays < 0) {
                throw new IllegalArgumentException("index.retention-days must be 0 (keep) or more, was " + retentionDays);
            }
            indexNames = indexNames == null ? IndexNames.daily() : indexNames;
            templatePrefix = checkName("index.template-prefix", templatePrefix == null ? RESOURCE_PREFIX : templatePrefix);
            deadLetterPrefix = checkName("index.deadletter-prefix",
                    deadLetterPrefix == null ? IndexNames.DEAD_LETTER_PREFIX : deadLetterPrefix);
            findingsPrefix = checkName("index.findings-prefix",
                    findingsPrefix == null ? IndexNames.FINDINGS_PREFIX : findingsPrefix);
            for (LogType t : LogType.values()) {
                checkName("index prefix of " + t.id(), indexNames.prefix(t));
            }
        }

        /** Laptop defaults: 1 shard, no replica, 5 s refresh, delete after 90 days where ISM exists. */
        public static Settings defaults() {
            return new Settings(1, 0, "5s", RESOURCE_PREFIX, IndexNames.daily(), null, null, 90);
        }

        public Settings withRetentionDays(int days) {
            return new Settings(shards, replicas, refreshInterval, templatePrefix, indexNames, deadLetterPrefix,
                    findingsPrefix, days);
        }

        public String ismPolicyId() {
            return templatePrefix + "-retention";
        }

        private static String checkName(String setting, String value) {
            if (value == null || !NAME.matcher(value).matches()) {
                throw new IllegalArgumentException(setting + " must be lower-case letters, digits, '-', '_', '.' or '+'"
                        + " and start with a letter or digit, was " + value);
            }
            return value;
        }
    }

    public enum Kind {
        COMPONENT("component template", "/_component_template/"),
        INDEX("index template", "/_index_template/"),
        ISM_POLICY("ISM policy", "/_plugins/_ism/policies/");

        final String label;
        final String path;

        Kind(String label, String path) {
            this.label = label;
            this.path = path;
        }
    }

    public enum Outcome { CREATED, UPDATED, UNCHANGED, SKIPPED }

    /** One template (or policy) as it will be installed. */
    public record Template(Kind kind, String name, ObjectNode body) {
    }

    /** What happened to one template; {@code detail} says why it was updated or skipped. */
    public record Step(Kind kind, String name, Outcome outcome, String detail) {
        public String line() {
            String head = kind.label + " " + name + ": ";
            if (outcome == Outcome.SKIPPED) {
                return head + detail;
            }
            return head + outcome.name().toLowerCase(Locale.ROOT) + (detail == null ? "" : " (" + detail + ")");
        }
    }

    public record Report(List<Step> steps) {
        public List<String> lines() {
            return steps.stream().map(Step::line).toList();
        }

        public boolean changed() {
            return steps.stream().anyMatch(s -> s.outcome == Outcome.CREATED || s.outcome == Outcome.UPDATED);
        }
    }

    /** The one call IndexSetup makes; {@link OpenSearchClient#send(String, String, String)} fits. */
    @FunctionalInterface
    public interface Http {
        OpenSearchClient.Response send(String method, String path, String body) throws IOException, InterruptedException;
    }

    private final Http http;
    private final Settings settings;

    public IndexSetup(OpenSearchClient client, Settings settings) {
        this(client::send, settings);
    }

    public IndexSetup(Http http, Settings settings) {
        this.http = http;
        this.settings = settings;
    }

    /** Resource file, template kind and the family or index it is for. */
    private record Source(String file, Kind kind, String suffix) {
    }

    // Components first: an index template may only name component templates that exist.
    private static final List<Source> SOURCES = List.of(
            new Source("component-ecs.json", Kind.COMPONENT, "ecs-mappings"),
            new Source("component-cloudtrail.json", Kind.COMPONENT, "cloudtrail-mappings"),
            new Source("component-vpcflow.json", Kind.COMPONENT, "vpcflow-mappings"),
            new Source("component-elb.json", Kind.COMPONENT, "elb-mappings"),
            new Source("index-cloudtrail.json", Kind.INDEX, "cloudtrail"),
            new Source("index-vpcflow.json", Kind.INDEX, "vpcflow"),
            new Source("index-elb.json", Kind.INDEX, "elb"),
            new Source("index-deadletter.json", Kind.INDEX, "deadletter"),
            new Source("index-findings.json", Kind.INDEX, "findings"));

    /** A template resource exactly as shipped (default names, patterns and settings). */
    public static ObjectNode resource(String file) {
        try (InputStream in = IndexSetup.class.getResourceAsStream("/opensearch/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource /opensearch/" + file);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> resourceFiles() {
        return SOURCES.stream().map(Source::file).toList();
    }

    /** The index prefix an index template resource is for. */
    private String indexPrefix(String suffix) {
        return switch (suffix) {
            case "cloudtrail" -> settings.indexNames().prefix(LogType.CLOUDTRAIL);
            case "vpcflow" -> settings.indexNames().prefix(LogType.VPCFLOW);
            case "elb" -> settings.indexNames().prefix(LogType.ELB);
            case "deadletter" -> settings.deadLetterPrefix();
            case "findings" -> settings.findingsPrefix();
            default -> throw new IllegalStateException(suffix);
        };
    }

    /** The templates with this installation's names, index patterns and index settings. */
    public List<Template> templates() {
        List<Template> out = new ArrayList<>();
        for (Source s : SOURCES) {
            ObjectNode body = resource(s.file());
            if (s.kind() == Kind.INDEX) {
                String prefix = indexPrefix(s.suffix());
                // The bare prefix too: granularity NONE writes to an index named exactly the prefix.
                ArrayNode patterns = body.putArray("index_patterns");
                patterns.add(prefix).add(prefix + "-*");
                ArrayNode composed = body.putArray("composed_of");
                for (JsonNode c : resource(s.file()).path("composed_of")) {
                    composed.add(settings.templatePrefix() + c.asText().substring(RESOURCE_PREFIX.length()));
                }
                ObjectNode index = (ObjectNode) body.path("template").path("settings").path("index");
                index.put("number_of_shards", settings.shards());
                index.put("number_of_replicas", settings.replicas());
                index.put("refresh_interval", settings.refreshInterval());
            }
            out.add(new Template(s.kind(), settings.templatePrefix() + "-" + s.suffix(), body));
        }
        return out;
    }

    /** The ISM policy: delete every index of ours {@code retentionDays} after it was created. */
    public Template ismPolicy() {
        ObjectNode policy = JSON.createObjectNode();
        ObjectNode p = policy.putObject("policy");
        p.put("description", "siemflink: delete indices " + settings.retentionDays() + " days after creation");
        p.put("default_state", "hot");
        ArrayNode states = p.putArray("states");
        ObjectNode hot = states.addObject();
        hot.put("name", "hot");
        hot.putArray("actions");
        ObjectNode toDelete = hot.putArray("transitions").addObject();
        toDelete.put("state_name", "delete");
        toDelete.putObject("conditions").put("min_index_age", settings.retentionDays() + "d");
        ObjectNode delete = states.addObject();
        delete.put("name", "delete");
        delete.putArray("actions").addObject().putObject("delete");
        delete.putArray("transitions");
        ObjectNode attach = p.putArray("ism_template").addObject();
        ArrayNode patterns = attach.putArray("index_patterns");
        for (Source s : SOURCES) {
            if (s.kind() == Kind.INDEX) {
                String prefix = indexPrefix(s.suffix());
                patterns.add(prefix).add(prefix + "-*");
            }
        }
        attach.put("priority", 100);
        return new Template(Kind.ISM_POLICY, settings.ismPolicyId(), policy);
    }

    public Report install() throws IOException, InterruptedException {
        List<Step> steps = new ArrayList<>();
        for (Template t : templates()) {
            steps.add(installTemplate(t));
        }
        steps.add(installIsm());
        return new Report(List.copyOf(steps));
    }

    private Step installTemplate(Template t) throws IOException, InterruptedException {
        String path = t.kind().path + enc(t.name());
        OpenSearchClient.Response got = http.send("GET", path, null);
        Outcome outcome;
        String detail = null;
        if (got.status() == 404) {
            outcome = Outcome.CREATED;
        } else if (got.ok()) {
            JsonNode installed = installedBody(t, JSON.readTree(got.body()));
            String diff = firstDifference(normalize(t.body()), normalize(installed), "");
            if (diff == null) {
                return new Step(t.kind(), t.name(), Outcome.UNCHANGED, null);
            }
            outcome = Outcome.UPDATED;
            detail = diff.isEmpty() ? "differs" : diff + " differs";
        } else {
            throw failure("GET", path, got);
        }
        OpenSearchClient.Response put = http.send("PUT", path, JSON.writeValueAsString(t.body()));
        if (!put.ok()) {
            throw failure("PUT", path, put);
        }
        return new Step(t.kind(), t.name(), outcome, detail);
    }

    private static JsonNode installedBody(Template t, JsonNode response) {
        String list = t.kind() == Kind.COMPONENT ? "component_templates" : "index_templates";
        String field = t.kind() == Kind.COMPONENT ? "component_template" : "index_template";
        for (JsonNode n : response.path(list)) {
            if (t.name().equals(n.path("name").asText())) {
                return n.path(field);
            }
        }
        return JSON.createObjectNode();
    }

    private Step installIsm() throws IOException, InterruptedException {
        String id = settings.ismPolicyId();
        if (settings.retentionDays() == 0) {
            return new Step(Kind.ISM_POLICY, id, Outcome.SKIPPED, "retention-days is 0; no ISM policy");
        }
        if (!hasIndexManagement()) {
            return new Step(Kind.ISM_POLICY, id, Outcome.SKIPPED, SKIP_ISM_MESSAGE);
        }
        Template policy = ismPolicy();
        String path = Kind.ISM_POLICY.path + enc(id);
        OpenSearchClient.Response got = http.send("GET", path, null);
        if (got.status() == 404) {
            put(path, policy.body());
            return new Step(Kind.ISM_POLICY, id, Outcome.CREATED, null);
        }
        if (!got.ok()) {
            throw failure("GET", path, got);
        }
        JsonNode installed = JSON.readTree(got.body());
        // The plugin adds fields to what it stores (policy_id, retry settings, update times): compare only ours.
        if (contains(installed.path("policy"), policy.body().path("policy"))) {
            return new Step(Kind.ISM_POLICY, id, Outcome.UNCHANGED, null);
        }
        put(path + "?if_seq_no=" + installed.path("_seq_no").asLong() + "&if_primary_term="
                + installed.path("_primary_term").asLong(), policy.body());
        return new Step(Kind.ISM_POLICY, id, Outcome.UPDATED, null);
    }

    /** True when the cluster lists the index-management plugin (absent on the integ-test zip and Serverless). */
    private boolean hasIndexManagement() throws IOException, InterruptedException {
        OpenSearchClient.Response r = http.send("GET", "/_cat/plugins?format=json", null);
        if (!r.ok()) {
            return false;
        }
        for (JsonNode p : JSON.readTree(r.body())) {
            if (p.path("component").asText().contains("index-management")) {
                return true;
            }
        }
        return false;
    }

    private void put(String path, JsonNode body) throws IOException, InterruptedException {
        OpenSearchClient.Response r = http.send("PUT", path, JSON.writeValueAsString(body));
        if (!r.ok()) {
            throw failure("PUT", path, r);
        }
    }

    private static IllegalStateException failure(String method, String path, OpenSearchClient.Response r) {
        String body = r.text();
        return new IllegalStateException(method + " " + path + " failed with status " + r.status() + ": "
                + (body.length() > 2000 ? body.substring(0, 2000) + "..." : body));
    }

    private static String enc(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    /**
     * The cluster stores settings flattened with string values ({@code "index.number_of_shards": "1"}) and may
     * turn booleans into strings: compare in that form so an unchanged template reads as unchanged.
     */
    static JsonNode normalize(JsonNode template) {
        JsonNode copy = template.deepCopy();
        JsonNode t = copy.path("template");
        if (t instanceof ObjectNode tn) {
            JsonNode s = tn.path("settings");
            if (s.isObject() && s.size() > 0) {
                Map<String, String> flat = new TreeMap<>();
                flatten(s, "", flat);
                ObjectNode n = JSON.createObjectNode();
                flat.forEach((k, v) -> n.put(k.startsWith("index.") ? k : "index." + k, v));
                tn.set("settings", n);
            } else {
                tn.remove("settings");
            }
        }
        return scalarsAsText(copy);
    }

    private static void flatten(JsonNode n, String prefix, Map<String, String> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out);
            }
        } else {
            out.put(prefix, n.asText());
        }
    }

    private static JsonNode scalarsAsText(JsonNode n) {
        if (n.isObject()) {
            ObjectNode o = JSON.createObjectNode();
            n.fields().forEachRemaining(e -> o.set(e.getKey(), scalarsAsText(e.getValue())));
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = JSON.createArrayNode();
            n.forEach(x -> a.add(scalarsAsText(x)));
            return a;
        }
        return JSON.getNodeFactory().textNode(n.asText());
    }

    /** The dotted path of the first difference, "" for the root, or null when equal. */
    static String firstDifference(JsonNode a, JsonNode b, String path) {
        if (a.equals(b)) {
            return null;
        }
        if (a.isObject() && b.isObject()) {
            TreeMap<String, Boolean> names = new TreeMap<>();
            a.fieldNames().forEachRemaining(k -> names.put(k, true));
            b.fieldNames().forEachRemaining(k -> names.put(k, true));
            for (String k : names.keySet()) {
                String p = path.isEmpty() ? k : path + "." + k;
                if (!a.has(k) || !b.has(k)) {
                    return p;
                }
                String d = firstDifference(a.get(k), b.get(k), p);
                if (d != null) {
                    return d;
                }
            }
        }
        return path;
    }

    /** True when every field of {@code want} is in {@code have} with the same value (arrays element-wise). */
    static boolean contains(JsonNode have, JsonNode want) {
        if (want.isObject()) {
            if (!have.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!have.has(e.getKey()) || !contains(have.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (want.isArray()) {
            if (!have.isArray() || have.size() != want.size()) {
                return false;
            }
            for (int i = 0; i < want.size(); i++) {
                if (!contains(have.get(i), want.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return want.asText().equals(have.asText());
    }
}
