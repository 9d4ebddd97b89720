package io.siemflink.enrich.intel;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code *.json}: STIX 2.1 content: a bundle ({@code {"type":"bundle","objects":[...]}}), an array of objects or
 * one object. Indicator objects with a STIX pattern (see {@link StixPatterns}) become indicators; revoked ones and
 * ones outside {@code valid_from}..{@code valid_until} at load time are counted, not loaded (the window is also
 * checked at match time). The provider is the name of the {@code identity} the indicator was created by, when the
 * same content holds it.
 */
final class StixIndicators {
    private StixIndicators() {
    }

    /** @throws IllegalArgumentException when the content is not STIX objects at all */
    static void read(String file, JsonNode root, long now, LoadReport out) {
        JsonNode objects;
        if (root.isArray()) {
            objects = root;
        } else if (root.isObject() && "bundle".equals(root.path("type").asText()) && root.path("objects").isArray()) {
            objects = root.get("objects");
        } else if (root.isObject() && root.has("type")) {
            objects = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(root);
        } else {
            throw new IllegalArgumentException(file + ": not a STIX bundle, object or array of objects");
        }
        Map<String, String> identities = new HashMap<>();
        for (JsonNode o : objects) {
            if ("identity".equals(o.path("type").asText()) && o.hasNonNull("name")) {
                identities.put(o.path("id").asText(), o.get("name").asText());
            }
        }
        int index = 0;
        for (JsonNode o : objects) {
            String where = file + ":objects[" + index++ + "]";
            if (!"indicator".equals(o.path("type").asText())) {
                continue; // identities, relationships, malware ... carry no matchable value
            }
            String id = o.path("id").asText(where);
            where = file + ":" + id;
            if (!o.path("pattern").isTextual()) {
                out.invalid(where, "indicator without a pattern");
                continue;
            }
            String patternType = o.path("pattern_type").asText("stix");
            if (!patternType.equals("stix")) {
                out.unsupported(where, "pattern_type " + patternType);
                continue;
            }
            long from;
            long until;
            try {
                from = time(o, "valid_from", Long.MIN_VALUE);
                until = time(o, "valid_until", Long.MAX_VALUE);
            } catch (DateTimeParseException e) {
                out.invalid(where, "bad timestamp: " + e.getParsedString());
                continue;
            }
            List<StixPatterns.Term> terms;
            try {
                terms = StixPatterns.parse(o.get("pattern").asText());
            } catch (StixPatterns.Unsupported e) {
                out.unsupported(where, "pattern " + o.get("pattern").asText() + ": " + e.getMessage());
                continue;
            }
            if (o.path("revoked").asBoolean(false) || now < from || now >= until) {
                out.countInactive();
                continue;
            }
            String provider = identities.getOrDefault(o.path("created_by_ref").asText(""), file);
            String reference = null;
            for (JsonNode ref : o.path("external_references")) {
                if (ref.hasNonNull("url")) {
                    reference = ref.get("url").asText();
                    break;
                }
            }
            String confidence = o.has("confidence") ? Confidence.of(o.get("confidence").asInt(-1)) : null;
            for (StixPatterns.Term t : terms) {
                IndicatorValues.Value v = IndicatorValues.parse(t.value());
                if (v == null || !v.type().equals(t.objectType())) {
                    out.invalid(where, "'" + t.value() + "' is not a valid " + t.objectType());
                    continue;
                }
                out.add(new Indicator(v.type(), v.text(), v.isNetwork(), id, file, provider, text(o, "name"),
                        text(o, "description"), confidence, reference, from, until));
            }
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n != null && n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
    }

    private static long time(JsonNode o, String field, long absent) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? absent : Instant.parse(n.asText()).toEpochMilli();
    }
}
