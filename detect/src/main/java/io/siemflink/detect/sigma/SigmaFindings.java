package io.siemflink.detect.sigma;

import io.siemflink.detect.Finding;
import io.siemflink.detect.Ruleset;
import io.siemflink.parsers.event.Ecs;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Field;
import io.siemflink.parsers.event.Timestamp;
import java.util.List;
import java.util.function.LongSupplier;

/** The finding for one rule matching one event. */
final class SigmaFindings {
    private static final Field USER_ARN = Field.of("aws.cloudtrail.user_identity.arn");

    private SigmaFindings() {
    }

    static Finding finding(SigmaRule rule, Event event, LongSupplier clock) {
        Finding.Builder b = Finding.builder(rule.id(), Ruleset.SIGMA)
                .name(rule.title())
                .description(rule.description())
                .severity(rule.level())
                .techniques(rule.techniques())
                .tactics(rule.tactics())
                .references(rule.references())
                .author(rule.author())
                .license(rule.license())
                .family(event.type().id())
                .time(time(event, clock))
                .count(1)
                .event(event.id())
                .account(string(event.get(Ecs.CLOUD_ACCOUNT_ID)))
                .message(message(rule, event))
                // A replay of the same event gives the same finding id.
                .idKey(event.id() != null ? event.id() : String.valueOf(event.original()));
        each(event.get(Ecs.RELATED_IP), b::relatedIp);
        each(event.get(Ecs.SOURCE_IP), b::relatedIp);
        each(event.get(Ecs.DESTINATION_IP), b::relatedIp);
        each(event.get(Ecs.RELATED_USER), b::relatedUser);
        each(event.get(Ecs.USER_NAME), b::relatedUser);
        // What the finding is about, for grouping: the principal for CloudTrail, else the client address.
        String user = string(event.get(Ecs.USER_NAME));
        if (user == null) {
            user = string(event.get(USER_ARN));
        }
        String ip = string(event.get(Ecs.SOURCE_IP));
        if (user != null) {
            b.entity("user", user);
        } else if (ip != null) {
            b.entity("ip", ip);
        }
        return b.build();
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

    private static void each(Object v, java.util.function.Consumer<String> to) {
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (o != null) {
                    to.accept(o.toString());
                }
            }
        } else if (v != null) {
            to.accept(v.toString());
        }
    }
}
