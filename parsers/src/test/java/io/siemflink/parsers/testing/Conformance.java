package io.siemflink.parsers.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares our documents with another project's expected documents on a declared list of core fields.
 *
 * <p>A field counts as matching when both sides have it with equal values (timestamps compared as instants,
 * numbers numerically) or both lack it. A difference is allowed only when the field is in the deviation map,
 * whose value says why; every other difference is a mismatch and fails the caller's test.
 */
public final class Conformance {
    private Conformance() {
    }

    /** The outcome for one fixture file. */
    public static final class FileResult {
        public final String file;
        public int documents;
        public int matched;
        public final Map<String, Integer> deviations = new TreeMap<>();
        public final List<String> mismatches = new ArrayList<>();

        public FileResult(String file) {
            this.file = file;
        }
    }

    /** Dotted path -> leaf value (arrays stay whole) of a JSON document. */
    public static Map<String, JsonNode> flatten(JsonNode doc) {
        Map<String, JsonNode> out = new TreeMap<>();
        flatten("", doc, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode n, Map<String, JsonNode> out) {
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (!n.isNull()) {
            out.put(prefix, n);
        }
    }

    /** Compares one document pair on {@code coreFields}; records results into {@code result}. */
    public static void compare(int docIndex, JsonNode expectedDoc, JsonNode actualDoc, Collection<String> coreFields,
                               Map<String, String> deviations, FileResult result) {
        Map<String, JsonNode> exp = flatten(expectedDoc);
        Map<String, JsonNode> act = actualDoc == null ? Map.of() : flatten(actualDoc);
        result.documents++;
        for (String f : coreFields) {
            JsonNode e = exp.get(f);
            JsonNode a = act.get(f);
            if (valuesEqual(e, a)) {
                if (e != null) {
                    result.matched++;
                }
            } else if (deviations.containsKey(f)) {
                result.deviations.merge(f, 1, Integer::sum);
            } else {
                result.mismatches.add("doc " + docIndex + " " + f + ": expected " + e + ", got " + a);
            }
        }
    }

    public static boolean valuesEqual(JsonNode e, JsonNode a) {
        if (e == null || a == null) {
            return e == a;
        }
        if (e.isNumber() && a.isNumber()) {
            return new BigDecimal(e.asText()).compareTo(new BigDecimal(a.asText())) == 0;
        }
        if (e.isTextual() && a.isTextual()) {
            if (e.asText().equals(a.asText())) {
                return true;
            }
            try {
                return OffsetDateTime.parse(e.asText()).toInstant().equals(OffsetDateTime.parse(a.asText()).toInstant());
            } catch (DateTimeParseException ex) {
                return false;
            }
        }
        if (e.isArray() && a.isArray()) {
            if (e.size() != a.size()) {
                return false;
            }
            for (int i = 0; i < e.size(); i++) {
                if (!valuesEqual(e.get(i), a.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return e.equals(a);
    }

    /** A readable per-file report; also written to {@code target/conformance/<name>.md}. */
    public static String report(String name, List<FileResult> results, Map<String, String> deviations) {
        StringBuilder sb = new StringBuilder("# Conformance: ").append(name).append("\n\n");
        sb.append("| file | documents | core values matched | declared deviations | mismatches |\n|---|---|---|---|---|\n");
        for (FileResult r : results) {
            sb.append("| ").append(r.file).append(" | ").append(r.documents).append(" | ").append(r.matched)
                    .append(" | ").append(r.deviations.isEmpty() ? "-" : r.deviations.toString())
                    .append(" | ").append(r.mismatches.size()).append(" |\n");
        }
        if (!deviations.isEmpty()) {
            sb.append("\nDeclared deviations:\n");
            deviations.forEach((f, why) -> sb.append("- `").append(f).append("`: ").append(why).append('\n'));
        }
        for (FileResult r : results) {
            for (String m : r.mismatches) {
                sb.append("MISMATCH ").append(r.file).append(": ").append(m).append('\n');
            }
        }
        try {
            Path out = Path.of("target", "conformance", name + ".md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }
}
