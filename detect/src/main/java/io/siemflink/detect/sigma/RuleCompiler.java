package io.siemflink.detect.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import io.siemflink.detect.Severity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** One Sigma rule document (already read from YAML) -> {@link SigmaRule}, or the precise reason it cannot be. */
final class RuleCompiler {
    private static final Pattern TECHNIQUE = Pattern.compile("t\\d{4}(\\.\\d{3})?");
    private static final Pattern OTHER_ATTACK_ID = Pattern.compile("(g|s|ta|m|ds)\\d{4}");
    private static final Set<String> KNOWN_MODIFIERS = Set.of("contains", "startswith", "endswith", "all", "cased",
            "re", "i", "m", "s", "cidr", "exists", "fieldref", "gt", "gte", "lt", "lte", "base64", "base64offset",
            "wide", "utf16le", "utf16be", "utf16", "windash", "expand");

    private final FieldMapping mapping;
    /** Substring literals of the rule being compiled, for the engine's scanner. */
    private final List<String> literals = new ArrayList<>();

    RuleCompiler(FieldMapping mapping) {
        this.mapping = mapping;
    }

    SigmaRule compile(JsonNode doc, String source, String defaultLicense) throws SigmaRuleException {
        literals.clear();
        if (doc == null || !doc.isObject()) {
            throw new SigmaRuleException("not a YAML map");
        }
        if (doc.has("correlation")) {
            throw new SigmaRuleException("correlation rule (type " + doc.path("correlation").path("type").asText("?")
                    + "): joins other rules' matches over time, not a per-event rule");
        }
        if (doc.has("filter") && !doc.has("detection")) {
            throw new SigmaRuleException("Sigma filter (meta rule that amends other rules): not supported");
        }
        String title = text(doc, "title");
        if (title == null) {
            throw new SigmaRuleException("no title");
        }
        String id = text(doc, "id");
        if (id == null) {
            throw new SigmaRuleException("no id: a finding needs a stable rule id");
        }
        String levelText = text(doc, "level");
        Severity level = levelText == null ? Severity.MEDIUM : Severity.fromLabel(levelText);
        if (level == null) {
            throw new SigmaRuleException("unknown level '" + levelText + "' (informational, low, medium, high, critical)");
        }
        JsonNode logsource = doc.get("logsource");
        FieldMapping.Family family = mapping.family(logsource);
        JsonNode detection = doc.get("detection");
        if (detection == null || !detection.isObject()) {
            throw new SigmaRuleException("no detection map");
        }
        JsonNode cond = detection.get("condition");
        if (cond == null || cond.isNull()) {
            throw new SigmaRuleException("detection has no condition");
        }
        String condText = cond.isArray() ? cond.toString() : cond.asText();
        String timeframe = detection.has("timeframe") ? " over timeframe " + detection.get("timeframe").asText() : "";
        int bar = condText.indexOf('|');
        if (bar >= 0) {
            throw new SigmaRuleException("condition '" + condText.trim() + "': aggregation '" + condText.substring(bar).trim()
                    + "'" + timeframe + " is not a per-event condition (windowed detections are built-in rules)");
        }
        if (!timeframe.isEmpty()) {
            throw new SigmaRuleException("condition '" + condText.trim() + "'" + timeframe
                    + ": a rule over a time window is not a per-event rule");
        }

        Map<String, Detection> identifiers = new LinkedHashMap<>();
        for (var it = detection.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("condition") || e.getKey().equals("timeframe")) {
                continue;
            }
            identifiers.put(e.getKey(), detection(e.getKey(), e.getValue(), family));
        }
        Condition condition;
        if (cond.isArray()) {
            // Sigma 1 allowed a list of conditions: any of them.
            List<Condition> parts = new ArrayList<>();
            for (JsonNode c : cond) {
                parts.add(ConditionParser.parse(c.asText(), identifiers));
            }
            if (parts.isEmpty()) {
                throw new SigmaRuleException("empty condition list");
            }
            condition = parts.size() == 1 ? parts.get(0) : new Condition.Or(parts);
        } else if (cond.isTextual()) {
            condition = ConditionParser.parse(cond.textValue(), identifiers);
        } else {
            throw new SigmaRuleException("condition must be text");
        }

        List<String> tags = strings(doc.get("tags"));
        Set<String> techniques = new LinkedHashSet<>();
        Set<String> tactics = new LinkedHashSet<>();
        for (String tag : tags) {
            String t = tag.trim().toLowerCase(Locale.ROOT);
            if (!t.startsWith("attack.")) {
                continue;
            }
            String v = t.substring("attack.".length());
            if (TECHNIQUE.matcher(v).matches()) {
                techniques.add(v.toUpperCase(Locale.ROOT));
            } else if (!OTHER_ATTACK_ID.matcher(v).matches()) {
                tactics.add(v.replace('_', '-'));
            }
        }
        String license = text(doc, "license");
        return new SigmaRule(id, title, text(doc, "description"), text(doc, "status"), level, author(doc.get("author")),
                license != null ? license : defaultLicense, tags, new ArrayList<>(techniques), new ArrayList<>(tactics),
                strings(doc.get("references")), strings(doc.get("falsepositives")), FieldMapping.logsourceKey(logsource),
                family, source, condition, literals);
    }

    private Detection detection(String name, JsonNode v, FieldMapping.Family family) throws SigmaRuleException {
        List<List<Detection.Item>> alternatives = new ArrayList<>();
        if (v.isObject()) {
            alternatives.add(items(name, v, family));
        } else if (v.isArray()) {
            if (v.isEmpty()) {
                throw new SigmaRuleException("search identifier '" + name + "' is an empty list");
            }
            boolean maps = v.get(0).isObject();
            List<JsonNode> keywords = new ArrayList<>();
            for (JsonNode e : v) {
                if (e.isObject() != maps || e.isArray()) {
                    throw new SigmaRuleException("search identifier '" + name + "' mixes maps and plain values");
                }
                if (maps) {
                    alternatives.add(items(name, e, family));
                } else {
                    keywords.add(e);
                }
            }
            if (!maps) {
                alternatives.add(List.of(item(name, "", List.of(), keywords, family)));
            }
        } else if (v.isValueNode() && !v.isNull()) {
            alternatives.add(List.of(item(name, "", List.of(), List.of(v), family)));
        } else {
            throw new SigmaRuleException("search identifier '" + name + "' is empty");
        }
        return new Detection(name, alternatives);
    }

    private List<Detection.Item> items(String name, JsonNode map, FieldMapping.Family family) throws SigmaRuleException {
        List<Detection.Item> out = new ArrayList<>();
        for (var it = map.fields(); it.hasNext(); ) {
            var e = it.next();
            String[] parts = e.getKey().split("\\|", -1);
            List<String> mods = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                mods.add(parts[i].trim().toLowerCase(Locale.ROOT));
            }
            JsonNode value = e.getValue();
            List<JsonNode> values = new ArrayList<>();
            if (value.isArray()) {
                if (value.isEmpty()) {
                    throw new SigmaRuleException("'" + e.getKey() + "' in '" + name + "' has an empty value list");
                }
                value.forEach(values::add);
            } else {
                values.add(value);
            }
            for (JsonNode x : values) {
                if (x.isContainerNode()) {
                    throw new SigmaRuleException("'" + e.getKey() + "' in '" + name + "' has a nested list or map as a value");
                }
            }
            out.add(item(name, parts[0].trim(), mods, values, family));
        }
        if (out.isEmpty()) {
            throw new SigmaRuleException("search identifier '" + name + "' is an empty map");
        }
        return out;
    }

    private Detection.Item item(String name, String field, List<String> mods, List<JsonNode> values,
                                FieldMapping.Family family) throws SigmaRuleException {
        String where = "'" + (field.isEmpty() ? "(keywords)" : field) + (mods.isEmpty() ? "" : "|" + String.join("|", mods))
                + "' in '" + name + "'";
        for (String m : mods) {
            if (!KNOWN_MODIFIERS.contains(m)) {
                throw new SigmaRuleException(where + ": unknown modifier '" + m + "'");
            }
        }
        if (mods.contains("expand")) {
            throw new SigmaRuleException(where + ": modifier 'expand' needs placeholder values ("
                    + values.get(0).asText() + "), which are not configured here");
        }
        boolean contains = mods.contains("contains");
        boolean startswith = mods.contains("startswith");
        boolean endswith = mods.contains("endswith");
        boolean all = mods.contains("all");
        boolean cased = mods.contains("cased");
        boolean re = mods.contains("re");
        boolean cidr = mods.contains("cidr");
        boolean exists = mods.contains("exists");
        boolean fieldref = mods.contains("fieldref");
        String compare = mods.stream().filter(m -> m.equals("gt") || m.equals("gte") || m.equals("lt") || m.equals("lte"))
                .findFirst().orElse(null);
        boolean base64 = mods.contains("base64");
        boolean base64offset = mods.contains("base64offset");
        String encoding = mods.stream().filter(m -> m.startsWith("utf16") || m.equals("wide")).findFirst().orElse(null);
        boolean windash = mods.contains("windash");

        if ((contains ? 1 : 0) + (startswith ? 1 : 0) + (endswith ? 1 : 0) > 1) {
            throw new SigmaRuleException(where + ": contains, startswith and endswith exclude each other");
        }
        boolean position = contains || startswith || endswith;
        int kinds = (re ? 1 : 0) + (cidr ? 1 : 0) + (exists ? 1 : 0) + (compare != null ? 1 : 0) + (base64 || base64offset ? 1 : 0);
        if (kinds > 1 || (kinds == 1 && fieldref) || ((re || cidr || exists || compare != null) && (position || windash))) {
            throw new SigmaRuleException(where + ": modifiers " + mods + " cannot be combined");
        }
        if (!re && (mods.contains("i") || mods.contains("m") || mods.contains("s"))) {
            throw new SigmaRuleException(where + ": regex flags i/m/s need 're'");
        }
        if (encoding != null && !(base64 || base64offset)) {
            throw new SigmaRuleException(where + ": '" + encoding + "' must be followed by base64 or base64offset");
        }
        if (base64 && base64offset) {
            throw new SigmaRuleException(where + ": base64 and base64offset exclude each other");
        }
        if (exists && (values.size() != 1 || !values.get(0).isBoolean())) {
            throw new SigmaRuleException(where + ": 'exists' takes one value, true or false");
        }

        boolean keyword = field.isEmpty();
        Accessor accessor;
        if (keyword) {
            if (fieldref || exists) {
                throw new SigmaRuleException(where + ": keywords cannot use " + (fieldref ? "fieldref" : "exists"));
            }
            accessor = family.keywords();
            // Keywords are searched anywhere in the record text.
            if (!startswith && !endswith && !re && !cidr && compare == null) {
                contains = true;
            }
        } else {
            accessor = family.accessor(field);
        }

        List<ValueMatcher> matchers = new ArrayList<>();
        for (JsonNode v : values) {
            if (v.isNull()) {
                if (!mods.isEmpty() && !(mods.size() == 1 && all)) {
                    throw new SigmaRuleException(where + ": null cannot take modifiers");
                }
                matchers.add(new Matchers.Null());
                continue;
            }
            String text = v.asText();
            if (exists) {
                matchers.add(new Matchers.Exists(v.booleanValue()));
            } else if (fieldref) {
                StringMatcher.Kind k = contains ? StringMatcher.Kind.CONTAINS : startswith ? StringMatcher.Kind.PREFIX
                        : endswith ? StringMatcher.Kind.SUFFIX : StringMatcher.Kind.EXACT;
                matchers.add(new Matchers.FieldRef(family.accessor(text), k, cased));
            } else if (re) {
                matchers.add(new Matchers.Regex(regex(where, text, mods)));
            } else if (cidr) {
                matchers.add(Matchers.Cidr.parse(text));
            } else if (compare != null) {
                double bound;
                try {
                    bound = Double.parseDouble(text.trim());
                } catch (NumberFormatException e) {
                    throw new SigmaRuleException(where + ": '" + compare + "' needs a number, not '" + text + "'");
                }
                matchers.add(new Matchers.Compare(Matchers.Compare.Op.valueOf(compare.toUpperCase(Locale.ROOT)), bound));
            } else {
                List<String> variants = windash ? windash(text) : List.of(text);
                List<ValueMatcher> ms = new ArrayList<>();
                for (String variant : variants) {
                    if (base64 || base64offset) {
                        byte[] bytes = encode(variant, encoding);
                        if (base64) {
                            ms.add(StringMatcher.literal(Base64.getEncoder().encodeToString(bytes), contains || endswith,
                                    contains || startswith, true));
                        } else {
                            // base64offset is a substring search for any of the three alignments.
                            for (String o : base64Offsets(bytes)) {
                                ms.add(StringMatcher.literal(o, true, true, true));
                            }
                        }
                    } else {
                        ms.add(StringMatcher.of(variant, contains || endswith, contains || startswith, cased));
                    }
                }
                for (ValueMatcher vm : ms) {
                    String lit = ((StringMatcher) vm).scannableLiteral();
                    if (lit != null) {
                        literals.add(lit);
                    }
                }
                matchers.add(ms.size() == 1 ? ms.get(0) : new ValueMatcher.AnyOf(ms.toArray(new ValueMatcher[0])));
            }
        }
        return new Detection.Item(accessor, matchers, all);
    }

    private static Pattern regex(String where, String text, List<String> mods) throws SigmaRuleException {
        if (text.contains("(?P<") || text.contains("(?P=") || text.contains("(?P>")) {
            throw new SigmaRuleException(where + ": regex uses Python's (?P...) named groups, which Java regexes lack");
        }
        int flags = 0;
        if (mods.contains("i")) {
            flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        }
        if (mods.contains("m")) {
            flags |= Pattern.MULTILINE;
        }
        if (mods.contains("s")) {
            flags |= Pattern.DOTALL;
        }
        try {
            return Pattern.compile(text, flags);
        } catch (PatternSyntaxException e) {
            throw new SigmaRuleException(where + ": regex does not compile in Java: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
    }

    /** windash: Windows command-line option dashes also written as '/', en dash, em dash or horizontal bar. */
    static List<String> windash(String s) {
        Set<String> out = new LinkedHashSet<>();
        out.add(s);
        for (char d : new char[] {'-', '/', '\u2013', '\u2014', '\u2015'}) {
            StringBuilder b = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean optionStart = (c == '-' || c == '/') && (i == 0 || Character.isWhitespace(s.charAt(i - 1)));
                b.append(optionStart ? d : c);
            }
            out.add(b.toString());
        }
        return new ArrayList<>(out);
    }

    private static byte[] encode(String s, String encoding) {
        if (encoding == null) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        return switch (encoding) {
            case "utf16be" -> s.getBytes(StandardCharsets.UTF_16BE);
            case "utf16" -> s.getBytes(StandardCharsets.UTF_16); // with a byte order mark, as pySigma
            default -> s.getBytes(StandardCharsets.UTF_16LE); // wide, utf16le
        };
    }

    /** The three base64 forms of bytes at offsets 0, 1, 2 of a longer text, without the characters that vary. */
    static List<String> base64Offsets(byte[] value) {
        int[] start = {0, 2, 3};
        int[] endCut = {0, 3, 2};
        List<String> out = new ArrayList<>(3);
        for (int i = 0; i < 3; i++) {
            byte[] padded = new byte[i + value.length];
            for (int k = 0; k < i; k++) {
                padded[k] = ' ';
            }
            System.arraycopy(value, 0, padded, i, value.length);
            String enc = Base64.getEncoder().encodeToString(padded);
            int cut = endCut[(value.length + i) % 3];
            out.add(enc.substring(start[i], enc.length() - cut));
        }
        return out;
    }

    private static String text(JsonNode doc, String key) {
        JsonNode v = doc.get(key);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText().trim();
        return s.isEmpty() ? null : s;
    }

    private static String author(JsonNode a) {
        if (a == null || a.isNull()) {
            return null;
        }
        if (a.isArray()) {
            return String.join(", ", strings(a));
        }
        String s = a.asText().trim();
        return s.isEmpty() ? null : s;
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (list.isValueNode()) {
            out.add(list.asText());
            return out;
        }
        for (JsonNode e : list) {
            if (e.isValueNode() && !e.isNull()) {
                out.add(e.asText());
            }
        }
        return out;
    }
}
