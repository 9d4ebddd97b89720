package io.siemflink.enrich.net;

import io.siemflink.enrich.Addresses;
import io.siemflink.enrich.EnrichStats;
import io.siemflink.enrich.EventView;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Field;

/**
 * {@code network.community_id} for events with both endpoints and a protocol number ({@code network.iana_number}),
 * as Elastic's VPC flow pipeline adds it. For ICMP the flow log's ports (0 and 0; AWS does not log type and code)
 * stand for type and code, which is what Elastic's expected documents show. One per thread.
 */
public final class CommunityIdEnricher {
    public static final Field COMMUNITY_ID = Field.of("network.community_id");

    private final CommunityId hash = new CommunityId();
    private final Addresses addresses;
    private final EnrichStats stats;

    public CommunityIdEnricher(Addresses addresses, EnrichStats stats) {
        this.addresses = addresses;
        this.stats = stats;
    }

    public void enrich(Event e) {
        enrich(new EventView().load(e));
    }

    public void enrich(EventView v) {
        String proto = v.string(EventView.IANA_NUMBER);
        String s = v.string(EventView.SOURCE_IP);
        String d = v.string(EventView.DESTINATION_IP);
        if (proto == null || s == null || d == null || v.get(EventView.COMMUNITY_ID) != null) {
            return;
        }
        int p;
        try {
            p = Integer.parseInt(proto);
        } catch (NumberFormatException ex) {
            stats.errors++;
            return;
        }
        int sport = -1;
        int dport = -1;
        if (CommunityId.hasPorts(p)) {
            Long sp = v.number(EventView.SOURCE_PORT);
            Long dp = v.number(EventView.DESTINATION_PORT);
            if (sp == null || dp == null) {
                return; // no ports, no five-tuple: Elastic writes no id either
            }
            sport = (int) Math.min(Integer.MAX_VALUE, Math.max(-1, sp));
            dport = (int) Math.min(Integer.MAX_VALUE, Math.max(-1, dp));
        }
        byte[] src = addresses.get(s).address;
        byte[] dst = addresses.get(d).address;
        String id = src == null || dst == null ? null : hash.compute(src, dst, p, sport, dport);
        if (id == null) {
            stats.errors++;
            return;
        }
        v.set(EventView.COMMUNITY_ID, id);
        stats.communityIds++;
    }
}
