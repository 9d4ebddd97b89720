package io.siemflink.enrich;

/**
 * Counters of one {@link Enricher} (one thread, so plain fields): what Flink exposes as metrics and the CLI prints.
 * {@link #snapshot()} copies them for another thread.
 */
public final class EnrichStats {
    public long events;
    /** Addresses found in a GeoIP or ASN database / not found / not looked up (private, reserved, not an IP). */
    public long geoHits;
    public long geoMisses;
    public long geoSkipped;
    /** Lookups answered by the per-enricher cache (a subset of hits + misses + skipped). */
    public long geoCacheHits;
    public long userAgentsParsed;
    public long userAgentCacheHits;
    /** Events with at least one threat-intel match, and matches in all. */
    public long intelEvents;
    public long intelMatches;
    public long accountsNamed;
    public long communityIds;
    /** Values left alone because they could not be used (for example a bad port), and internal failures. */
    public long errors;

    public EnrichStats snapshot() {
        EnrichStats s = new EnrichStats();
        s.events = events;
        s.geoHits = geoHits;
        s.geoMisses = geoMisses;
        s.geoSkipped = geoSkipped;
        s.geoCacheHits = geoCacheHits;
        s.userAgentsParsed = userAgentsParsed;
        s.userAgentCacheHits = userAgentCacheHits;
        s.intelEvents = intelEvents;
        s.intelMatches = intelMatches;
        s.accountsNamed = accountsNamed;
        s.communityIds = communityIds;
        s.errors = errors;
        return s;
    }

    @Override
    public String toString() {
        return "events=" + events + " geo hits=" + geoHits + " misses=" + geoMisses + " skipped=" + geoSkipped
                + " (cache hits " + geoCacheHits + ") user agents=" + userAgentsParsed + " (cache hits "
                + userAgentCacheHits + ") intel events=" + intelEvents + " matches=" + intelMatches
                + " accounts named=" + accountsNamed + " community ids=" + communityIds + " errors=" + errors;
    }
}
