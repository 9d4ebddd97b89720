package io.siemflink.detect.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.event.Field;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sigma logsources -> log families, and Sigma field names -> {@link Accessor}s, read from a YAML table
 * ({@code sigma/mapping.yml} by default; its header documents the format).
 */
public final class FieldMapping {
    public static final String DEFAULT_RESOURCE = "sigma/mapping.yml";
    private static final List<String> LOGSOURCE_KEYS = List.of("product", "category", "service");

    private final List<Family> families;

    private FieldMapping(List<Family> families) {
        this.families = families;
    }

    public static FieldMapping defaults() {
        try (InputStream in = FieldMapping.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEFAULT_RESOURCE + " is missing");
            }
            return load(in, DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a mapping table; a malformed table is a configuration error (IllegalArgumentException). */
    public static FieldMapping load(InputStream in, String name) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
        JsonNode fams = root == null ? null : root.get("families");
        if (fams == null || !fams.isObject()) {
            throw new IllegalArgumentException(name + ": no 'families' map");
        }
        List<Family> out = new ArrayList<>();
        for (var it = fams.fields(); it.hasNext(); ) {
            var e = it.next();
            out.add(Family.read(name, e.getKey(), e.getValue()));
        }
        return new FieldMapping(List.copyOf(out));
    }

    public List<Family> families() {
        return families;
    }

    /** The family a rule's logsource stands for. */
    public Family family(JsonNode logsource) throws SigmaRuleException {
        if (logsource == null || !logsource.isObject()) {
            throw new SigmaRuleException("no logsource map");
        }
        Map<String, String> key = logsourceKey(logsource);
        for (Family f : families) {
            for (Map<String, String> ls : f.logsources) {
                if (ls.equals(key)) {
                    return f;
                }
            }
        }
        StringBuilder known = new StringBuilder();
        for (Family f : families) {
            for (Map<String, String> ls : f.logsources) {
                known.append(known.length() == 0 ? "" : ", ").append(describe(ls)).append(" -> ").append(f.type.id());
            }
        }
        throw new SigmaRuleException("logsource " + describe(key) + " is not one of our log families (" + known + ")");
    }

    static Map<String, String> logsourceKey(JsonNode logsource) {
        Map<String, String> key = new TreeMap<>();
        for (String k : LOGSOURCE_KEYS) {
            JsonNode v = logsource.get(k);
            if (v != null && !v.isNull()) {
                key.put(k, v.asText().trim().toLowerCase(Locale.ROOT));
            }
        }
        return key;
    }

    static String describe(Map<String, String> ls) {
        StringBuilder sb = new StringBuilder();
        for (String k : LOGSOURCE_KEYS) {
            if (ls.containsKey(k)) {
                sb.append(sb.length() == 0 ? "" : "/").append(ls.get(k));
            }
        }
        return sb.length() == 0 ? "(empty)" : sb.toString();
    }

    /** One log family's view of Sigma. */
    public static final class Family {
        private final LogType type;
        private final List<Map<String, String>> logsources;
        private final Map<String, String> exact;
        /** prefix (with its trailing dot) -> target, longest first. */
        private final Map<String, String> prefixes;
        private final Accessor keywords;
        private final List<Field> prefilter;
        private final List<Field> message;

        private Family(LogType type, List<Map<String, String>> logsources, Map<String, String> exact,
                       Map<String, String> prefixes, Accessor keywords, List<Field> prefilter, List<Field> message) {
            this.type = type;
            this.logsources = logsources;
            this.exact = exact;
            this.prefixes = prefixes;
            this.keywords = keywords;
            this.prefilter = prefilter;
            this.message = message;
        }

        static Family read(String name, String family, JsonNode n) {
            LogType type = LogType.fromName(family);
            List<Map<String, String>> ls = new ArrayList<>();
            for (JsonNode l : n.path("logsources")) {
                ls.add(logsourceKey(l));
            }
            if (ls.isEmpty()) {
                throw new IllegalArgumentException(name + ": family " + family + " has no logsources");
            }
            Map<String, String> exact = new LinkedHashMap<>();
            List<Map.Entry<String, String>> pre = new ArrayList<>();
            for (var it = n.path("fields").fields(); it.hasNext(); ) {
                var e = it.next();
                String target = e.getValue().asText().trim();
                if (e.getKey().endsWith(".*")) {
                    pre.add(Map.entry(e.getKey().substring(0, e.getKey().length() - 1), target));
                } else {
                    exact.put(e.getKey(), target);
                }
            }
            pre.sort((a, b) -> Integer.compare(b.getKey().length(), a.getKey().length()));
            Map<String, String> prefixes = new LinkedHashMap<>();
            pre.forEach(e -> prefixes.put(e.getKey(), e.getValue()));
            String kw = n.path("keywords").asText("original");
            if (!kw.equals("original")) {
                throw new IllegalArgumentException(name + ": family " + family + ": keywords must be 'original'");
            }
            Family f = new Family(type, List.copyOf(ls), exact, prefixes, Accessors.KEYWORDS, fields(n.path("prefilter")),
                    fields(n.path("message")));
            // Every row must make sense now, not when the first rule uses it.
            for (String k : exact.keySet()) {
                try {
                    f.accessor(k);
                } catch (SigmaRuleException ex) {
                    throw new IllegalArgumentException(name + ": " + family + "." + k + ": " + ex.getMessage());
                }
            }
            for (String p : prefixes.keySet()) {
                try {
                    f.accessor(p + "x");
                } catch (SigmaRuleException ex) {
                    throw new IllegalArgumentException(name + ": " + family + "." + p + "*: " + ex.getMessage());
                }
            }
            return f;
        }

        private static List<Field> fields(JsonNode list) {
            List<Field> out = new ArrayList<>();
            for (JsonNode f : list) {
                out.add(Field.of(f.asText()));
            }
            return Collections.unmodifiableList(out);
        }

        public LogType type() {
            return type;
        }

        public List<Field> prefilter() {
            return prefilter;
        }

        public List<Field> message() {
            return message;
        }

        Accessor keywords() {
            return keywords;
        }

        /** Where a Sigma field name is read from, or why it cannot be. */
        Accessor accessor(String sigmaField) throws SigmaRuleException {
            String target = exact.get(sigmaField);
            String below = null;
            if (target == null) {
                for (var e : prefixes.entrySet()) {
                    if (sigmaField.startsWith(e.getKey()) && sigmaField.length() > e.getKey().length()) {
                        target = e.getValue();
                        below = sigmaField.substring(e.getKey().length());
                        break;
                    }
                }
            }
            if (target == null) {
                throw new SigmaRuleException("field '" + sigmaField + "' has no mapping for logsource "
                        + describe(logsources.get(0)) + " (" + type.id() + ")");
            }
            if (target.equals("absent")) {
                return Accessors.absent(sigmaField);
            }
            if (target.equals("raw")) {
                return Accessors.raw(sigmaField);
            }
            if (target.startsWith("json(") && target.endsWith(")")) {
                if (below == null) {
                    throw new SigmaRuleException("json(...) is only for 'prefix.*' rows");
                }
                return Accessors.json(target.substring(5, target.length() - 1), below, sigmaField);
            }
            if (target.isEmpty() || target.contains(" ") || target.contains("(")) {
                throw new SigmaRuleException("bad target '" + target + "'");
            }
            return Accessors.field(target);
        }
    }
}
