package io.siemflink.detect;

import io.siemflink.parsers.event.JsonBuffer;
import io.siemflink.parsers.event.Timestamp;

/**
 * A finding as an ECS alert document for {@code siem-findings-*}. {@code @timestamp} is the last contributing
 * event's time, not the wall clock, so a replay writes the same document into the same daily index.
 */
public final class FindingJson {
    private FindingJson() {
    }

    public static byte[] toJson(Finding f) {
        JsonBuffer b = new JsonBuffer(1024);
        write(f, b);
        return b.toByteArray();
    }

    public static String toJsonString(Finding f) {
        return new String(toJson(f), java.nio.charset.StandardCharsets.UTF_8);
    }

    public static void write(Finding f, JsonBuffer b) {
        Severity sev = f.severityLevel();
        b.raw((byte) '{');
        key(b, "@timestamp", true).timestamp(Timestamp.ofEpochMilli(f.end));
        if (f.message != null) {
            key(b, "message", false).string(f.message);
        }
        key(b, "event", false).raw((byte) '{');
        key(b, "kind", true).string("alert");
        key(b, "category", false).raw((byte) '[').string("intrusion_detection").raw((byte) ']');
        key(b, "type", false).raw((byte) '[').string("indicator").raw((byte) ']');
        key(b, "module", false).string("siemflink");
        key(b, "dataset", false).string("siemflink.findings");
        key(b, "severity", false).number(sev.rank());
        key(b, "risk_score", false).number(sev.riskScore());
        key(b, "start", false).timestamp(Timestamp.ofEpochMilli(f.start));
        key(b, "end", false).timestamp(Timestamp.ofEpochMilli(f.end));
        b.raw((byte) '}');

        key(b, "rule", false).raw((byte) '{');
        key(b, "id", true).string(f.ruleId);
        optional(b, "name", f.ruleName);
        optional(b, "description", f.description);
        key(b, "ruleset", false).string(f.ruleset);
        optional(b, "author", f.author);
        optional(b, "license", f.license);
        if (f.references.length > 0) {
            array(key(b, "reference", false), f.references);
        }
        b.raw((byte) '}');

        if (f.techniques.length > 0 || f.tactics.length > 0) {
            key(b, "threat", false).raw((byte) '{');
            key(b, "framework", true).string("MITRE ATT&CK");
            if (f.techniques.length > 0) {
                array(key(b, "technique", false).raw((byte) '{').string("id").raw((byte) ':'), f.techniques).raw((byte) '}');
            }
            if (f.tactics.length > 0) {
                array(key(b, "tactic", false).raw((byte) '{').string("name").raw((byte) ':'), f.tactics).raw((byte) '}');
            }
            b.raw((byte) '}');
        }

        if (f.relatedIps.length > 0 || f.relatedUsers.length > 0) {
            key(b, "related", false).raw((byte) '{');
            boolean first = true;
            if (f.relatedIps.length > 0) {
                array(key(b, "ip", true), f.relatedIps);
                first = false;
            }
            if (f.relatedUsers.length > 0) {
                array(key(b, "user", first), f.relatedUsers);
            }
            b.raw((byte) '}');
        }

        if (f.account != null) {
            key(b, "cloud", false).raw((byte) '{');
            key(b, "provider", true).string("aws");
            key(b, "account", false).raw((byte) '{').string("id").raw((byte) ':').string(f.account).raw((byte) '}');
            b.raw((byte) '}');
        }

        key(b, "finding", false).raw((byte) '{');
        key(b, "level", true).string(sev.label());
        optional(b, "family", f.family);
        optional(b, "entity", f.entity);
        optional(b, "entity_type", f.entityType);
        key(b, "count", false).number(f.count);
        if (f.eventIds.length > 0) {
            array(key(b, "event_ids", false), f.eventIds);
        }
        if (f.findingIds.length > 0) {
            array(key(b, "finding_ids", false), f.findingIds);
        }
        b.raw((byte) '}');
        b.raw((byte) '}');
    }

    private static JsonBuffer key(JsonBuffer b, String name, boolean first) {
        if (!first) {
            b.raw((byte) ',');
        }
        return b.string(name).raw((byte) ':');
    }

    private static void optional(JsonBuffer b, String name, String value) {
        if (value != null) {
            key(b, name, false).string(value);
        }
    }

    private static JsonBuffer array(JsonBuffer b, String[] values) {
        b.raw((byte) '[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.raw((byte) ',');
            }
            b.string(values[i]);
        }
        return b.raw((byte) ']');
    }
}
