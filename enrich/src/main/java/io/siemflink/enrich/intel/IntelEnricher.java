package io.siemflink.enrich.intel;

import io.siemflink.enrich.Addresses;
import io.siemflink.enrich.EnrichStats;
import io.siemflink.enrich.EventView;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Field;
import io.siemflink.parsers.event.JsonBuffer;
import io.siemflink.parsers.event.RawJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Matches an event's addresses and domains against the threat-intel indicators. Each match becomes an element of
 * {@code threat.enrichments} (ECS: {@code indicator.*} as the source describes it, {@code matched.atomic},
 * {@code matched.field}, {@code matched.type: indicator_match}, {@code matched.id}, {@code matched.index} = the
 * file); the first match is also copied to {@code threat.indicator.*} for simple queries. One per thread.
 */
public final class IntelEnricher {
    /** Address fields, in the order matches are reported; related.ip adds any address not seen in them. */
    static final int[] IP_SLOTS = {EventView.SOURCE_IP, EventView.DESTINATION_IP, EventView.CLIENT_IP,
        EventView.SERVER_IP};
    static final Field[] IP_FIELDS = {Field.of("source.ip"), Field.of("destination.ip"), Field.of("client.ip"),
        Field.of("server.ip")};
    static final Field RELATED_IP = Field.of("related.ip");
    static final int[] DOMAIN_SLOTS = {EventView.URL_DOMAIN, EventView.DESTINATION_DOMAIN, EventView.SOURCE_DOMAIN,
        EventView.SERVER_NAME, EventView.SERVER_DOMAIN};
    static final Field[] DOMAIN_FIELDS = {Field.of("url.domain"), Field.of("destination.domain"),
        Field.of("source.domain"), Field.of("tls.client.server_name"), Field.of("server.domain")};

    public static final Field ENRICHMENTS = Field.of("threat.enrichments");
    static final Field IND_TYPE = Field.of("threat.indicator.type");
    static final Field IND_IP = Field.of("threat.indicator.ip");
    static final Field IND_DOMAIN = Field.of("threat.indicator.domain");
    static final Field IND_PROVIDER = Field.of("threat.indicator.provider");
    static final Field IND_NAME = Field.of("threat.indicator.name");
    static final Field IND_DESCRIPTION = Field.of("threat.indicator.description");
    static final Field IND_CONFIDENCE = Field.of("threat.indicator.confidence");
    static final Field IND_REFERENCE = Field.of("threat.indicator.reference");
    private static final int RELOAD_CHECK_EVERY = 256;

    private record Match(Indicator indicator, String atomic, Field field) {
    }

    private final ThreatIntel intel;
    private final Addresses addresses;
    private final EnrichStats stats;
    private final List<Match> matches = new ArrayList<>(4);
    private final List<String> seenIps = new ArrayList<>(4);
    private final JsonBuffer json = new JsonBuffer(512);
    private int sinceCheck;
    /**
     * Domain results by text (direct-mapped, with the index they came from): host names repeat far more than
     * addresses (a load balancer serves a handful), and a lookup otherwise probes the name and each parent.
     */
    private final String[] domainText = new String[256];
    private final IndicatorIndex[] domainIndex = new IndicatorIndex[256];
    private final Indicator[] domainHit = new Indicator[256];

    public IntelEnricher(ThreatIntel intel, Addresses addresses, EnrichStats stats) {
        this.intel = intel;
        this.addresses = addresses;
        this.stats = stats;
    }

    public void enrich(Event e) {
        enrich(new EventView().load(e));
    }

    public void enrich(EventView v) {
        if (++sinceCheck >= RELOAD_CHECK_EVERY) {
            sinceCheck = 0;
            intel.maybeReload(System.nanoTime());
        }
        IndicatorIndex idx = intel.index();
        if (idx.isEmpty()) {
            return;
        }
        matches.clear();
        if (idx.hasAddresses()) {
            seenIps.clear();
            for (int k = 0; k < IP_SLOTS.length; k++) {
                String ip = v.string(IP_SLOTS[k]);
                if (ip != null) {
                    seenIps.add(ip);
                    matchIp(idx, ip, IP_FIELDS[k]);
                }
            }
            Object related = v.get(EventView.RELATED_IP);
            if (related instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof String ip && !seenIps.contains(ip)) {
                        matchIp(idx, ip, RELATED_IP);
                    }
                }
            } else if (related instanceof String ip && !seenIps.contains(ip)) {
                matchIp(idx, ip, RELATED_IP);
            }
        }
        if (idx.hasDomains()) {
            for (int k = 0; k < DOMAIN_SLOTS.length; k++) {
                String d = v.string(DOMAIN_SLOTS[k]);
                if (d != null && !d.isEmpty()) {
                    Indicator hit = matchDomain(idx, d);
                    if (hit != null) {
                        add(hit, d, DOMAIN_FIELDS[k]);
                    }
                }
            }
        }
        if (!matches.isEmpty()) {
            write(v);
        }
    }

    private Indicator matchDomain(IndicatorIndex idx, String d) {
        int h = d.hashCode();
        int i = (h ^ (h >>> 16)) & (domainText.length - 1);
        if (domainIndex[i] == idx && d.equals(domainText[i])) {
            return domainHit[i];
        }
        Indicator hit = idx.matchDomain(d.toLowerCase(Locale.ROOT));
        domainText[i] = d;
        domainIndex[i] = idx;
        domainHit[i] = hit;
        return hit;
    }

    private void matchIp(IndicatorIndex idx, String ip, Field f) {
        Addresses.Info info = addresses.get(ip);
        if (info.intelIndex != idx) {
            info.intel = info.address == null ? null : idx.matchIp(info.address);
            info.intelIndex = idx;
        }
        if (info.intel != null) {
            add(info.intel, ip, f);
        }
    }

    private void add(Indicator i, String atomic, Field f) {
        if (!i.validAt(System.currentTimeMillis())) {
            return; // expired since the load
        }
        for (Match m : matches) {
            if (m.indicator() == i && m.atomic().equals(atomic)) {
                return; // the same address in two fields is one match, reported for the first field
            }
        }
        matches.add(new Match(i, atomic, f));
    }

    private static final int S_ENRICHMENTS = EventView.slotOf(ENRICHMENTS);
    private static final int S_TYPE = EventView.slotOf(IND_TYPE);
    private static final int S_IP = EventView.slotOf(IND_IP);
    private static final int S_DOMAIN = EventView.slotOf(IND_DOMAIN);
    private static final int S_PROVIDER = EventView.slotOf(IND_PROVIDER);
    private static final int S_NAME = EventView.slotOf(IND_NAME);
    private static final int S_DESCRIPTION = EventView.slotOf(IND_DESCRIPTION);
    private static final int S_CONFIDENCE = EventView.slotOf(IND_CONFIDENCE);
    private static final int S_REFERENCE = EventView.slotOf(IND_REFERENCE);

    private void write(EventView v) {
        stats.intelEvents++;
        stats.intelMatches += matches.size();
        JsonBuffer b = json;
        b.reset();
        b.raw((byte) '[');
        for (int k = 0; k < matches.size(); k++) {
            Match m = matches.get(k);
            Indicator i = m.indicator();
            if (k > 0) {
                b.raw((byte) ',');
            }
            b.raw((byte) '{');
            name(b, "indicator").raw((byte) '{');
            name(b, "type").string(i.type());
            if (!i.network() && !i.type().equals("domain-name")) {
                b.raw((byte) ',');
                name(b, "ip").string(i.value());
            }
            if (i.type().equals("domain-name")) {
                b.raw((byte) ',');
                name(b, "domain").string(i.value());
            }
            opt(b, "provider", i.provider());
            opt(b, "name", displayName(i));
            opt(b, "description", i.description());
            opt(b, "confidence", i.confidence());
            opt(b, "reference", i.reference());
            b.raw((byte) '}').raw((byte) ',');
            name(b, "matched").raw((byte) '{');
            name(b, "atomic").string(m.atomic());
            opt(b, "field", m.field().name());
            opt(b, "type", "indicator_match");
            opt(b, "id", i.id());
            opt(b, "index", i.source());
            b.raw((byte) '}').raw((byte) '}');
        }
        b.raw((byte) ']');
        v.set(S_ENRICHMENTS, new RawJson(new String(b.toByteArray(), StandardCharsets.UTF_8)));
        Indicator first = matches.get(0).indicator();
        v.set(S_TYPE, first.type());
        boolean domain = first.type().equals("domain-name");
        v.set(S_DOMAIN, domain ? first.value() : null); // a null removes a stale value
        v.set(S_IP, !domain && !first.network() ? first.value() : null);
        v.set(S_PROVIDER, first.provider());
        v.set(S_NAME, displayName(first));
        v.set(S_DESCRIPTION, first.description());
        v.set(S_CONFIDENCE, first.confidence());
        v.set(S_REFERENCE, first.reference());
    }

    /** The source's name for the indicator, else the value itself (so a network indicator shows its CIDR). */
    private static String displayName(Indicator i) {
        return i.name() != null ? i.name() : i.value();
    }

    private static JsonBuffer name(JsonBuffer b, String n) {
        return b.string(n).raw((byte) ':');
    }

    private static void opt(JsonBuffer b, String n, String v) {
        if (v != null) {
            b.raw((byte) ',');
            name(b, n).string(v);
        }
    }
}
