package io.siemflink.enrich;

import io.siemflink.enrich.geo.GeoResult;
import io.siemflink.enrich.intel.Indicator;
import io.siemflink.enrich.intel.IndicatorIndex;
import io.siemflink.enrich.net.IpAddr;

/**
 * What the enrichers learned about each address text, cached per enricher so that one lookup per address and
 * event serves community_id, GeoIP and threat intel: the parsed bytes, the GeoIP result, and the threat-intel
 * result with the index it was computed against (a reload makes it stale). Addresses repeat heavily in flow and
 * access logs, so most events need no parsing and no database lookup.
 *
 * <p>The cache is two-way set-associative (an address can live in one of two slots chosen by its hash; a miss
 * evicts the less recently used of the two): a probe is two array reads and no allocation, where a linked LRU map
 * moved entries and allocated on every miss. For high-cardinality traffic (public clients of a load balancer)
 * misses dominate, so the miss path must be cheap too. Thread-confined, like the enricher.
 */
public final class Addresses {
    /** One address text; the steps fill in what they need. */
    public static final class Info {
        /** The text, kept in the entry: a hit reads the entry and its text, no third array. */
        final String text;
        /** 4 or 16 bytes, or null when the text is not an IP literal. */
        public final byte[] address;
        /** null until looked up. */
        public GeoResult geo;
        public IndicatorIndex intelIndex;
        public Indicator intel;

        Info(String text, byte[] address) {
            this.text = text;
            this.address = address;
        }
    }

    /**
     * Way 0 of set s at 2s (the more recently used), way 1 at 2s + 1. The hashes in their own array, so that a miss
     * (most probes for the public clients of a busy load balancer) reads one cache line and no entry; the entries
     * hold their text, so that a hit reads the hash, the entry and the text (separate key and value arrays cost
     * one cache miss more per hit).
     */
    private final int[] hashes;
    private final Info[] slots;
    private final int setMask;
    /** The last two texts asked for, by identity: the steps ask for the same field values one after another. */
    private String recent0;
    private Info recentInfo0;
    private String recent1;
    private Info recentInfo1;

    /** @param capacity entries kept at most (rounded up to a power of two, at least 2) */
    public Addresses(int capacity) {
        int slots = capacity <= 2 ? 2 : Integer.highestOneBit(capacity - 1) << 1;
        this.slots = new Info[slots];
        hashes = new int[slots];
        setMask = slots / 2 - 1;
    }

    public Info get(String ip) {
        if (ip == recent0) {
            return recentInfo0;
        }
        if (ip == recent1) {
            return recentInfo1;
        }
        Info i = find(ip);
        recent1 = recent0;
        recentInfo1 = recentInfo0;
        recent0 = ip;
        recentInfo0 = i;
        return i;
    }

    private Info find(String ip) {
        int h = ip.hashCode();
        int b = ((h ^ (h >>> 16)) & setMask) << 1;
        Info[] t = slots;
        int[] hs = hashes;
        Info first = t[b];
        if (hs[b] == h && first != null && first.text.equals(ip)) {
            return first;
        }
        Info second = t[b + 1];
        Info i = hs[b + 1] == h && second != null && second.text.equals(ip) ? second : new Info(ip, IpAddr.parse(ip));
        // the hit or the new entry becomes way 0; way 0's entry moves to way 1 (a new entry evicts way 1's)
        t[b + 1] = first;
        hs[b + 1] = hs[b];
        t[b] = i;
        hs[b] = h;
        return i;
    }
}
