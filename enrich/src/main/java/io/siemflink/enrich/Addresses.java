package io.siemflink.enrich;

import io.siemflink.enrich.geo.GeoResult;
import io.siemflink.enrich.intel.Indicator;
import io.siemflink.enrich.intel.IndicatorIndex;
import io.siemflink.enrich.net.IpAddr;

/**
 * What the enrichers learned about each address text, cached per enricher so that one LRU lookup per address and
 * event serves community_id, GeoIP and threat intel: the parsed bytes, the GeoIP result, and the threat-intel
 * result with the index it was computed against (a reload makes it stale). Addresses repeat heavily in flow and
 * access logs, so most events need no parsing and no database lookup.
 */
public final class Addresses {
    /** One address text; the steps fill in what they need. */
    public static final class Info {
        /** 4 or 16 bytes, or null when the text is not an IP literal. */
        public final byte[] address;
        /** null until looked up. */
        public GeoResult geo;
        public IndicatorIndex intelIndex;
        public Indicator intel;

        Info(byte[] address) {
            this.address = address;
        }
    }

    private final Lru<String, Info> cache;

    public Addresses(int capacity) {
        this.cache = new Lru<>(capacity);
    }

    public Info get(String ip) {
        Info i = cache.get(ip);
        if (i == null) {
            i = new Info(IpAddr.parse(ip));
            cache.put(ip, i);
        }
        return i;
    }
}
