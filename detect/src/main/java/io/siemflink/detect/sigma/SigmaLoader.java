package io.siemflink.detect.sigma;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads Sigma rules from a directory (every {@code .yml}/{@code .yaml} below it) or from the rules shipped in
 * this module. A rule that cannot be used is listed in {@link SigmaRules#rejected()} with its reason; one bad
 * rule never stops a load.
 */
public final class SigmaLoader {
    /** Classpath folder of the shipped rules; {@code index.txt} in it lists them (a jar cannot be listed). */
    public static final String BUNDLED = "sigma/rules/";
    /** SigmaHQ's rules are under the Detection Rule License 1.1. */
    public static final String DRL = "DRL-1.1";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final RuleCompiler compiler;

    public SigmaLoader(FieldMapping mapping) {
        this.compiler = new RuleCompiler(mapping);
    }

    public static SigmaLoader withDefaultMapping() {
        return new SigmaLoader(FieldMapping.defaults());
    }

    /**
     * The rules shipped in {@code detect/src/main/resources/sigma/rules}: SigmaHQ's (DRL 1.1, the default licence
     * here) and siemflink's own (which name theirs).
     */
    public SigmaRules loadBundled() {
        ClassLoader cl = SigmaLoader.class.getClassLoader();
        List<String> names = new ArrayList<>();
        try (InputStream in = cl.getResourceAsStream(BUNDLED + "index.txt")) {
            if (in == null) {
                throw new IllegalStateException("resource " + BUNDLED + "index.txt is missing");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.trim();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    names.add(l);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the shipped rule index", e);
        }
        Loading l = new Loading();
        for (String name : names) {
            try (InputStream in = cl.getResourceAsStream(BUNDLED + name)) {
                if (in == null) {
                    l.reject(name, null, null, "listed in index.txt but missing");
                    continue;
                }
                l.add(name, new String(in.readAllBytes(), StandardCharsets.UTF_8), DRL);
            } catch (IOException e) {
                l.reject(name, null, null, "cannot read: " + e.getMessage());
            }
        }
        return l.result();
    }

    /**
     * Every {@code .yml}/{@code .yaml} file below {@code dir}, in path order; sources are paths relative to it.
     *
     * @param defaultLicense licence of rules that name none (e.g. {@link #DRL} for a SigmaHQ checkout), or null
     * @throws IOException when the directory cannot be listed (a configuration error, unlike a bad rule)
     */
    public SigmaRules loadDirectory(Path dir, String defaultLicense) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("Sigma rules directory " + dir + " does not exist");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yml") || p.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
        Loading l = new Loading();
        for (Path f : files) {
            String source = dir.relativize(f).toString().replace('\\', '/');
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                l.reject(source, null, null, "cannot read: " + e.getMessage());
                continue;
            }
            l.add(source, text, defaultLicense);
        }
        return l.result();
    }

    /** One rule from YAML text. */
    public SigmaRules loadText(String source, String yaml, String defaultLicense) {
        Loading l = new Loading();
        l.add(source, yaml, defaultLicense);
        return l.result();
    }

    private final class Loading {
        final List<SigmaRule> rules = new ArrayList<>();
        final List<SigmaRules.Rejected> rejected = new ArrayList<>();
        final Map<String, String> ids = new HashMap<>();

        void add(String source, String yaml, String license) {
            List<JsonNode> docs = new ArrayList<>();
            try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
                while (it.hasNextValue()) {
                    docs.add(it.nextValue());
                }
            } catch (JsonProcessingException e) {
                reject(source, null, null, "invalid YAML: " + e.getOriginalMessage()
                        + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
                return;
            } catch (IOException | RuntimeException e) {
                reject(source, null, null, "invalid YAML: " + e.getMessage());
                return;
            }
            docs.removeIf(d -> d == null || d.isNull() || d.isMissingNode());
            if (docs.size() != 1) {
                reject(source, null, null, docs.isEmpty() ? "empty file"
                        : docs.size() + " YAML documents in one file (Sigma 1 rule collections are not supported)");
                return;
            }
            JsonNode doc = docs.get(0);
            String id = doc.isObject() && doc.path("id").isValueNode() ? doc.path("id").asText() : null;
            String title = doc.isObject() && doc.path("title").isValueNode() ? doc.path("title").asText() : null;
            try {
                SigmaRule r = compiler.compile(doc, source, license);
                String other = ids.putIfAbsent(r.id(), source);
                if (other != null) {
                    reject(source, id, title, "duplicate id " + r.id() + " (already loaded from " + other + ")");
                    return;
                }
                rules.add(r);
            } catch (SigmaRuleException e) {
                reject(source, id, title, e.getMessage());
            } catch (RuntimeException e) {
                reject(source, id, title, "cannot compile: " + e);
            }
        }

        void reject(String source, String id, String title, String reason) {
            rejected.add(new SigmaRules.Rejected(source, id, title, reason));
        }

        SigmaRules result() {
            return new SigmaRules(rules, rejected);
        }
    }
}
