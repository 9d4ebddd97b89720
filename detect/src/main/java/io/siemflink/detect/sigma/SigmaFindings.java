package io.siemflink.detect.sigma;

import io.siemflink.detect.Finding;
import io.siemflink.detect.Ruleset;
import io.siemflink.parsers.event.DocIds;
import io.siemflink.parsers.event.Ecs;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Field;
import io.siemflink.parsers.event.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** The finding for one rule matching one event. */
final class SigmaFindings {
    private static final Field USER_ARN = Field.of("aws.cloudtrail.user_identity.arn");

    private SigmaFindings() {
    }

    /**
     * Built field by field rather than through {@link Finding.Builder}: a busy rule makes one per event, and the
     * builder's collections cost more than the rest of the evaluation. {@code SigmaEngineTest} checks that the
     * id is the one the builder gives.
     */
    static Finding finding(SigmaRule rule, Event event, LongSupplier clock) {
        Finding f = new Finding();
        f.ruleId = rule.id();
        f.ruleset = Ruleset.SIGMA.id();
        // A replay of the same event gives the same finding id.
        f.id = DocIds.ofKey(f.ruleset + '|' + f.ruleId + '|' + idKey(event));
        f.ruleName = rule.title();
        f.description = rule.description();
        f.severity = rule.level().name();
        f.techniques = rule.techniqueArray;
        f.tactics = rule.tacticArray;
        f.references = rule.referenceArray;
        f.author = rule.author();
        f.license = rule.license();
        f.family = event.type().id();
        f.start = f.end = time(event, clock);
        f.count = 1;
        f.eventIds = event.id() != null ? new String[] {event.id()} : new String[0];
        f.account = string(event.get(Ecs.CLOUD_ACCOUNT_ID));
        f.message = message(rule, event);
        List<String> ips = new ArrayList<>(2);
        each(event.get(Ecs.RELATED_IP), ips);
        each(event.get(Ecs.SOURCE_IP), ips);
        each(event.get(Ecs.DESTINATION_IP), ips);
        List<String> users = new ArrayList<>(2);
        each(event.get(Ecs.RELATED_USER), users);
        each(event.get(Ecs.USER_NAME), users);
        f.relatedIps = ips.toArray(new String[0]);
        f.relatedUsers = users.toArray(new String[0]);
        // What the finding is about, for grouping: the principal for CloudTrail, else the client address.
        String user = string(event.get(Ecs.USER_NAME));
        if (user == null) {
            user = string(event.get(USER_ARN));
        }
        String ip = string(event.get(Ecs.SOURCE_IP));
        if (user != null) {
            f.entityType = "user";
            f.entity = user;
        } else if (ip != null) {
            f.entityType = "ip";
            f.entity = ip;
        }
        return f;
    }

    static String idKey(Event event) {
        return event.id() != null ? event.id() : String.valueOf(event.original());
    }

    /** The event's time; else its end or start; else now, as its own document does. */
    private static long time(Event e, LongSupplier clock) {
        for (Field f : new Field[] {Event.TIMESTAMP, Ecs.EVENT_END, Ecs.EVENT_START}) {
            if (e.get(f) instanceof Timestamp t) {
                return t.toEpochMilli();
            }
        }
        return clock.getAsLong();
    }

    static String message(SigmaRule rule, Event e) {
        StringBuilder sb = new StringBuilder(rule.title());
        String sep = ": ";
        for (Field f : rule.familyMapping().message()) {
            String v = string(e.get(f));
            if (v != null) {
                sb.append(sep).append(f.name()).append('=').append(v.length() > 200 ? v.substring(0, 200) + "..." : v);
                sep = " ";
            }
        }
        return sb.toString();
    }

    private static String string(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> l) {
            return l.isEmpty() ? null : String.valueOf(l.get(0));
        }
        return ValueMatcher.text(v);
    }

    /** Adds the value(s), skipping empty ones and repeats. */
    private static void each(Object v, List<String> to) {
        if (v instanceof List<?> l) {
            for (Object o : l) {
                add(o, to);
            }
        } else {
            add(v, to);
        }
    }

    private static void add(Object o, List<String> to) {
        if (o != null) {
            String s = o.toString();
            if (!s.isEmpty() && !to.contains(s)) {
                to.add(s);
            }
        }
    }
}
