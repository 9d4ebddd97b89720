package io.siemflink.enrich;

import io.siemflink.parsers.event.Ecs;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Field;
import java.util.List;

/**
 * {@code related.ip} and {@code related.user} from every address and user field the schema has, added to what
 * the parser wrote (distinct, parser's order first), so that one query on related.* finds an entity in any role.
 */
final class Related {
    static final List<Field> IPS = List.of(Ecs.SOURCE_IP, Ecs.DESTINATION_IP, Field.of("client.ip"),
            Field.of("server.ip"), Field.of("aws.elb.backend.ip"));
    static final List<Field> USERS = List.of(Ecs.USER_NAME, Field.of("user.target.name"),
            Field.of("user.changes.name"), Field.of("user.effective.name"));

    private Related() {
    }

    static void enrich(Event e) {
        for (Field f : IPS) {
            if (e.get(f) instanceof String ip) {
                e.addDistinct(Ecs.RELATED_IP, ip);
            }
        }
        for (Field f : USERS) {
            if (e.get(f) instanceof String u && !u.isEmpty()) {
                e.addDistinct(Ecs.RELATED_USER, u);
            }
        }
    }
}
