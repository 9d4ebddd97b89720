package io.siemflink.enrich.geo;

import io.siemflink.enrich.Addresses;
import io.siemflink.enrich.EnrichStats;
import io.siemflink.enrich.net.IpRanges;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Field;
import java.io.IOException;

/**
 * Writes {@code <side>.geo.*} and {@code <side>.as.*} for {@code source.ip} and {@code destination.ip}. One per
 * thread; results (misses and skipped private or reserved addresses included) are cached with the address in
 * {@link Addresses}.
 */
public final class GeoEnricher {
    /** The fields of one side (source or destination). */
    private static final class Side {
        final Field ip;
        final Field continentName;
        final Field countryIso;
        final Field countryName;
        final Field regionIso;
        final Field regionName;
        final Field cityName;
        final Field lat;
        final Field lon;
        final Field asNumber;
        final Field asOrg;

        Side(String p) {
            ip = Field.of(p + ".ip");
            continentName = Field.of(p + ".geo.continent_name");
            countryIso = Field.of(p + ".geo.country_iso_code");
            countryName = Field.of(p + ".geo.country_name");
            regionIso = Field.of(p + ".geo.region_iso_code");
            regionName = Field.of(p + ".geo.region_name");
            cityName = Field.of(p + ".geo.city_name");
            lat = Field.of(p + ".geo.location.lat");
            lon = Field.of(p + ".geo.location.lon");
            asNumber = Field.of(p + ".as.number");
            asOrg = Field.of(p + ".as.organization.name");
        }
    }

    private static final Side[] SIDES = {new Side("source"), new Side("destination")};
    /** Cached for addresses that were not looked up (not an IP literal, private or reserved). */
    private static final GeoResult SKIPPED = new GeoResult(null, null, null, null, null, null, null, null, null, null);

    private final GeoIp geoIp;
    private final Addresses addresses;
    private final EnrichStats stats;

    public GeoEnricher(GeoIp geoIp, Addresses addresses, EnrichStats stats) {
        this.geoIp = geoIp;
        this.addresses = addresses;
        this.stats = stats;
    }

    public void enrich(Event e) {
        for (Side s : SIDES) {
            Object v = e.get(s.ip);
            if (v instanceof String ip) {
                GeoResult r = result(ip);
                if (r != SKIPPED && r != GeoResult.NONE) {
                    apply(e, s, r);
                }
            }
        }
    }

    private GeoResult result(String ip) {
        Addresses.Info info = addresses.get(ip);
        GeoResult r = info.geo;
        if (r != null) {
            stats.geoCacheHits++;
        } else {
            r = lookup(info.address);
            info.geo = r;
        }
        if (r == SKIPPED) {
            stats.geoSkipped++;
        } else if (r == GeoResult.NONE) {
            stats.geoMisses++;
        } else {
            stats.geoHits++;
        }
        return r;
    }

    private GeoResult lookup(byte[] a) {
        if (a == null || !IpRanges.isGlobal(a)) {
            return SKIPPED;
        }
        try {
            return geoIp.lookup(a);
        } catch (IOException | RuntimeException ex) {
            stats.errors++; // a corrupt database region: counted, the event goes on without geo
            return GeoResult.NONE;
        }
    }

    private static void apply(Event e, Side s, GeoResult r) {
        put(e, s.continentName, r.continentName());
        put(e, s.countryIso, r.countryIsoCode());
        put(e, s.countryName, r.countryName());
        put(e, s.regionIso, r.regionIsoCode());
        put(e, s.regionName, r.regionName());
        put(e, s.cityName, r.cityName());
        if (r.lat() != null) {
            e.put(s.lat, r.lat());
            e.put(s.lon, r.lon());
        }
        if (r.asNumber() != null) {
            e.put(s.asNumber, r.asNumber());
        }
        put(e, s.asOrg, r.asOrganizationName());
    }

    private static void put(Event e, Field f, String v) {
        if (v != null) {
            e.put(f, v);
        }
    }
}
