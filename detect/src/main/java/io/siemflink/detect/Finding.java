package io.siemflink.detect;

import io.siemflink.parsers.event.DocIds;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One detection result, indexed as an ECS alert document (see {@link FindingJson}).
 *
 * <p>Public fields, a no-arg constructor and arrays instead of lists make it a Flink POJO, so findings travel
 * between operators without Kryo. Build one with {@link #builder}; treat it as immutable once built.
 *
 * <p>The id is a hash of a key the producer chooses from what identifies the finding (rule + event id for a
 * per-event rule, rule + entity + window for a windowed one), so a replay of the same input yields the same ids.
 */
public class Finding implements Serializable {
    private static final long serialVersionUID = 1L;
    /** How many contributing event ids a finding lists; {@link #count} keeps the full number. */
    public static final int MAX_EVENT_IDS = 100;

    public String id;
    public String ruleId;
    public String ruleName;
    public String description;
    /** {@link Ruleset#id()}. */
    public String ruleset;
    /** {@link Severity} name. */
    public String severity;
    /** ATT&CK technique ids, e.g. T1110.001. */
    public String[] techniques = new String[0];
    /** ATT&CK tactic names, e.g. credential-access (Sigma's tag form). */
    public String[] tactics = new String[0];
    public String[] references = new String[0];
    public String author;
    public String license;
    /** Log family of the contributing events ({@code cloudtrail}, {@code vpcflow}, {@code elb}) or {@code correlation}. */
    public String family;
    /** What the finding is about, e.g. an IP address or principal; may be null for per-event rules. */
    public String entity;
    /** {@code ip} or {@code user}, or null. */
    public String entityType;
    /** Event time of the first and last contributing event, epoch millis. */
    public long start;
    public long end;
    /** Number of contributing events (or findings, for a correlation). */
    public long count;
    public String[] eventIds = new String[0];
    /** Ids of the findings a correlation joins. */
    public String[] findingIds = new String[0];
    public String[] relatedIps = new String[0];
    public String[] relatedUsers = new String[0];
    /** Cloud account of the contributing events, when they share one. */
    public String account;
    /** One line for humans: what was seen. */
    public String message;

    public Finding() {
    }

    public Severity severityLevel() {
        return Severity.valueOf(severity);
    }

    public static Builder builder(String ruleId, Ruleset ruleset) {
        return new Builder(ruleId, ruleset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Finding f && Objects.equals(id, f.id) && Objects.equals(ruleId, f.ruleId)
                && start == f.start && end == f.end && count == f.count && Objects.equals(entity, f.entity)
                && Arrays.equals(eventIds, f.eventIds) && Arrays.equals(findingIds, f.findingIds)
                && Objects.equals(severity, f.severity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, ruleId, start, end, count);
    }

    @Override
    public String toString() {
        return "Finding[" + ruleId + " " + severity + " " + entityType + "=" + entity + " count=" + count + " id=" + id + "]";
    }

    public static final class Builder {
        private final Finding f = new Finding();
        private final LinkedHashSet<String> eventIds = new LinkedHashSet<>();
        private final LinkedHashSet<String> findingIds = new LinkedHashSet<>();
        private final LinkedHashSet<String> ips = new LinkedHashSet<>();
        private final LinkedHashSet<String> users = new LinkedHashSet<>();
        private final List<String> techniques = new ArrayList<>();
        private final List<String> tactics = new ArrayList<>();
        private final List<String> references = new ArrayList<>();
        private String idKey;

        private Builder(String ruleId, Ruleset ruleset) {
            f.ruleId = Objects.requireNonNull(ruleId, "ruleId");
            f.ruleset = ruleset.id();
            f.severity = Severity.MEDIUM.name();
            f.start = Long.MAX_VALUE;
            f.end = Long.MIN_VALUE;
        }

        public Builder name(String name) {
            f.ruleName = name;
            return this;
        }

        public Builder description(String description) {
            f.description = description;
            return this;
        }

        public Builder severity(Severity severity) {
            f.severity = severity.name();
            return this;
        }

        public Builder techniques(Collection<String> ids) {
            techniques.addAll(ids);
            return this;
        }

        public Builder tactics(Collection<String> names) {
            tactics.addAll(names);
            return this;
        }

        public Builder references(Collection<String> refs) {
            references.addAll(refs);
            return this;
        }

        public Builder author(String author) {
            f.author = author;
            return this;
        }

        public Builder license(String license) {
            f.license = license;
            return this;
        }

        public Builder family(String family) {
            f.family = family;
            return this;
        }

        public Builder entity(String type, String value) {
            f.entityType = type;
            f.entity = value;
            return this;
        }

        public Builder account(String account) {
            f.account = account;
            return this;
        }

        public Builder message(String message) {
            f.message = message;
            return this;
        }

        /** Widens [start, end] to include this event time. */
        public Builder time(long epochMillis) {
            f.start = Math.min(f.start, epochMillis);
            f.end = Math.max(f.end, epochMillis);
            return this;
        }

        public Builder count(long count) {
            f.count = count;
            return this;
        }

        /** Adds a contributing event id; only the first {@link #MAX_EVENT_IDS} are listed. */
        public Builder event(String eventId) {
            if (eventId != null && eventIds.size() < MAX_EVENT_IDS) {
                eventIds.add(eventId);
            }
            return this;
        }

        public Builder finding(String findingId) {
            if (findingId != null) {
                findingIds.add(findingId);
            }
            return this;
        }

        public Builder relatedIp(String ip) {
            if (ip != null && !ip.isEmpty()) {
                ips.add(ip);
            }
            return this;
        }

        public Builder relatedUser(String user) {
            if (user != null && !user.isEmpty()) {
                users.add(user);
            }
            return this;
        }

        /** What identifies this finding across replays; its hash becomes the id. */
        public Builder idKey(String key) {
            this.idKey = key;
            return this;
        }

        public Finding build() {
            if (idKey == null) {
                throw new IllegalStateException("finding " + f.ruleId + " has no id key");
            }
            if (f.start == Long.MAX_VALUE) {
                throw new IllegalStateException("finding " + f.ruleId + " has no event time");
            }
            f.id = DocIds.ofKey(f.ruleset + '|' + f.ruleId + '|' + idKey);
            f.eventIds = eventIds.toArray(new String[0]);
            f.findingIds = findingIds.toArray(new String[0]);
            f.relatedIps = ips.toArray(new String[0]);
            f.relatedUsers = users.toArray(new String[0]);
            f.techniques = techniques.stream().distinct().toArray(String[]::new);
            f.tactics = tactics.stream().distinct().toArray(String[]::new);
            f.references = references.toArray(new String[0]);
            if (f.count == 0) {
                f.count = Math.max(1, Math.max(eventIds.size(), findingIds.size()));
            }
            return f;
        }
    }
}
