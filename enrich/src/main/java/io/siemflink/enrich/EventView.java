package io.siemflink.enrich;

import io.siemflink.parsers.event.Ecs;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Field;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The fields enrichment reads or writes, collected from an event in one pass: each step then reads a slot
 * instead of scanning the event's field list, and adds a field it knows to be absent without the scan that
 * {@link Event#put} makes. One per enricher (thread); {@link #load} before each event.
 */
public final class EventView {
    private static final List<Field> FIELDS = new ArrayList<>();
    private static final IdentityHashMap<Field, Integer> SLOTS = new IdentityHashMap<>();
    /** Slot + 1 by {@link Field#id()} (0: no slot), so that loading an event costs an array read per field. */
    private static int[] slotById = new int[0];

    public static final int SOURCE_IP = slot(Ecs.SOURCE_IP);
    public static final int DESTINATION_IP = slot(Ecs.DESTINATION_IP);
    public static final int CLIENT_IP = slot(Field.of("client.ip"));
    public static final int SERVER_IP = slot(Field.of("server.ip"));
    public static final int BACKEND_IP = slot(Field.of("aws.elb.backend.ip"));
    public static final int SOURCE_PORT = slot(Ecs.SOURCE_PORT);
    public static final int DESTINATION_PORT = slot(Ecs.DESTINATION_PORT);
    public static final int IANA_NUMBER = slot(Ecs.NETWORK_IANA_NUMBER);
    public static final int COMMUNITY_ID = slot(Field.of("network.community_id"));
    public static final int RELATED_IP = slot(Ecs.RELATED_IP);
    public static final int RELATED_USER = slot(Ecs.RELATED_USER);
    public static final int USER_NAME = slot(Ecs.USER_NAME);
    public static final int USER_TARGET_NAME = slot(Field.of("user.target.name"));
    public static final int USER_CHANGES_NAME = slot(Field.of("user.changes.name"));
    public static final int USER_EFFECTIVE_NAME = slot(Field.of("user.effective.name"));
    public static final int ACCOUNT_ID = slot(Ecs.CLOUD_ACCOUNT_ID);
    public static final int ACCOUNT_NAME = slot(Field.of("cloud.account.name"));
    public static final int USER_AGENT = slot(Ecs.USER_AGENT_ORIGINAL);
    public static final int URL_DOMAIN = slot(Field.of("url.domain"));
    public static final int DESTINATION_DOMAIN = slot(Field.of("destination.domain"));
    public static final int SOURCE_DOMAIN = slot(Field.of("source.domain"));
    public static final int SERVER_NAME = slot(Field.of("tls.client.server_name"));
    public static final int SERVER_DOMAIN = slot(Field.of("server.domain"));

    static {
        // what the steps write: registered here so that every slot exists before the first view is built
        for (String side : List.of("source", "destination")) {
            for (String f : List.of("geo.continent_name", "geo.country_iso_code", "geo.country_name",
                    "geo.region_iso_code", "geo.region_name", "geo.city_name", "geo.location.lat", "geo.location.lon",
                    "as.number", "as.organization.name")) {
                slot(Field.of(side + "." + f));
            }
        }
        for (String f : List.of("user_agent.name", "user_agent.version", "user_agent.os.name", "user_agent.os.version",
                "user_agent.os.full", "user_agent.device.name", "threat.enrichments", "threat.indicator.type",
                "threat.indicator.ip", "threat.indicator.domain", "threat.indicator.provider", "threat.indicator.name",
                "threat.indicator.description", "threat.indicator.confidence", "threat.indicator.reference")) {
            slot(Field.of(f));
        }
    }

    private final Object[] values = new Object[FIELDS.size()];
    private final int[] byId = slotById;
    private Event event;

    /** Registers a field once, at class initialisation (so the table is complete before any view exists). */
    private static int slot(Field f) {
        FIELDS.add(f);
        SLOTS.put(f, FIELDS.size() - 1);
        if (f.id() >= slotById.length) {
            slotById = java.util.Arrays.copyOf(slotById, Math.max(f.id() + 1, slotById.length * 2));
        }
        slotById[f.id()] = FIELDS.size();
        return FIELDS.size() - 1;
    }

    /** The slot of a registered field (the steps' output fields are registered above). */
    public static int slotOf(Field f) {
        Integer s = SLOTS.get(f);
        if (s == null) {
            throw new IllegalArgumentException(f + " has no slot");
        }
        return s;
    }

    public EventView load(Event e) {
        event = e;
        java.util.Arrays.fill(values, null);
        int[] table = byId;
        for (int i = 0, n = e.size(); i < n; i++) {
            int id = e.fieldAt(i).id();
            if (id < table.length && table[id] != 0) {
                values[table[id] - 1] = e.valueAt(i);
            }
        }
        return this;
    }

    public Event event() {
        return event;
    }

    public Object get(int slot) {
        return values[slot];
    }

    public String string(int slot) {
        return values[slot] instanceof String s ? s : null;
    }

    public Long number(int slot) {
        return Event.asLong(values[slot]);
    }

    /** Sets a slot's field: appended when the event does not have it, replaced when it does. */
    public void set(int slot, Object value) {
        if (values[slot] == null) {
            if (value != null) {
                event.add(FIELDS.get(slot), value);
            }
        } else {
            event.put(FIELDS.get(slot), value);
        }
        values[slot] = value;
    }

    /** {@link Event#addDistinct} on a slot's field; a list the parser made is copied, never changed in place. */
    public void addDistinct(int slot, Object value) {
        Object cur = values[slot];
        List<Object> l;
        if (cur == null) {
            l = new ArrayList<>(2);
        } else if (cur instanceof List<?> old) {
            if (old.contains(value)) {
                return;
            }
            l = new ArrayList<>(old.size() + 1);
            l.addAll(old);
        } else {
            if (cur.equals(value)) {
                return;
            }
            l = new ArrayList<>(2);
            l.add(cur);
        }
        l.add(value);
        set(slot, l);
    }
}
