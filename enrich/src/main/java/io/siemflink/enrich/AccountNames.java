package io.siemflink.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * AWS account id -> name, for {@code cloud.account.name}. Files: {@code .csv} ({@code account_id,name} per line,
 * an optional header line, {@code #} comments), {@code .json} (an object {@code {"111122223333": "prod"}}) or
 * {@code .yaml}/{@code .yml} (a flat map, {@code 111122223333: prod}). Ids are 12 digits; anything else is an
 * error naming file and line, since a typo here would silently leave every event of an account unnamed.
 */
public final class AccountNames {
    private AccountNames() {
    }

    public static Map<String, String> load(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<String> lines;
        try {
            if (name.endsWith(".json")) {
                return json(file, new ObjectMapper().readTree(file.toFile()));
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("enrich.accounts.file: cannot read " + file + ": " + e.getMessage(), e);
        }
        if (name.endsWith(".csv")) {
            return csv(file, lines);
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return yaml(file, lines);
        }
        throw new IllegalArgumentException("enrich.accounts.file: " + file + " is not .csv, .json, .yaml or .yml");
    }

    private static Map<String, String> json(Path file, JsonNode root) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("enrich.accounts.file: " + file + " is not a JSON object of id: name");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("enrich.accounts.file: " + file + ": the name of " + e.getKey()
                        + " is not a string");
            }
            put(m, e.getKey(), e.getValue().asText(), file + ": key " + e.getKey());
        }
        return m;
    }

    private static Map<String, String> csv(Path file, List<String> lines) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int comma = line.indexOf(',');
            if (comma < 0) {
                throw new IllegalArgumentException("enrich.accounts.file: " + file + ":" + (i + 1)
                        + ": expected account_id,name");
            }
            String id = unquote(line.substring(0, comma));
            if (m.isEmpty() && !id.chars().allMatch(Character::isDigit)) {
                continue; // a header line
            }
            put(m, id, unquote(line.substring(comma + 1)), file + ":" + (i + 1));
        }
        return m;
    }

    private static Map<String, String> yaml(Path file, List<String> lines) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#") || s.equals("---")) {
                continue;
            }
            int colon = s.indexOf(':');
            if (colon < 0 || Character.isWhitespace(line.charAt(0))) {
                throw new IllegalArgumentException("enrich.accounts.file: " + file + ":" + (i + 1)
                        + ": expected a flat map line 'account_id: name'");
            }
            String value = s.substring(colon + 1).strip();
            int comment = value.startsWith("\"") || value.startsWith("'") ? -1 : value.indexOf(" #");
            put(m, unquote(s.substring(0, colon)), unquote(comment >= 0 ? value.substring(0, comment) : value),
                    file + ":" + (i + 1));
        }
        return m;
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    private static void put(Map<String, String> m, String id, String name, String where) {
        validate(id, name, "enrich.accounts.file: " + where);
        if (m.put(id, name) != null) {
            throw new IllegalArgumentException("enrich.accounts.file: " + where + ": account " + id + " is listed twice");
        }
    }

    static void validate(String id, String name, String where) {
        if (id.length() != 12 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(where + ": '" + id + "' is not a 12-digit AWS account id");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException(where + ": account " + id + " has an empty name");
        }
    }
}
