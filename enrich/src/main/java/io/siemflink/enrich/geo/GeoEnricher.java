package io.siemflink.enrich.geo;

import io.siemflink.enrich.Addresses;
import io.siemflink.enrich.EnrichStats;
import io.siemflink.enrich.EventView;
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
    /** The slots of one side (source or destination). */
    private static final class Side {
        final int ip;
        final int continentName;
        final int countryIso;
        final int countryName;
        final int regionIso;
        final int regionName;
        final int cityName;
        final int lat;
        final int lon;
        final int asNumber;
        final int asOrg;

        Side(String p, int ip) {
            this.ip = ip;
            continentName = slot(p + ".geo.continent_name");
            countryIso = slot(p + ".geo.country_iso_code");
            countryName = slot(p + ".geo.country_name");
            regionIso = slot(p + ".geo.region_iso_code");
            regionName = slot(p + ".geo.region_name");
            cityName = slot(p + ".geo.city_name");
            lat = slot(p + ".geo.location.lat");
            lon = slot(p + ".geo.location.lon");
            asNumber = slot(p + ".as.number");
            asOrg = slot(p + ".as.organization.name");
        }

        private static int slot(String name) {
            return EventView.slotOf(Field.of(name));
        }
    }

    private static final Side[] SIDES = {new Side("source", EventView.SOURCE_IP),
        new Side("destination", EventView.DESTINATION_IP)};
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
        enrich(new EventView().load(e));
    }

    public void enrich(EventView v) {
        for (Side s : SIDES) {
            String ip = v.string(s.ip);
            if (ip != null) {
                GeoResult r = result(ip);
                if (r != SKIPPED && r != GeoResult.NONE) {
                    apply(v, s, r);
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

    private static void apply(EventView v, Side s, GeoResult r) {
        put(v, s.continentName, r.continentName());
        put(v, s.countryIso, r.countryIsoCode());
        put(v, s.countryName, r.countryName());
        put(v, s.regionIso, r.regionIsoCode());
        put(v, s.regionName, r.regionName());
        put(v, s.cityName, r.cityName());
        if (r.lat() != null) {
            v.set(s.lat, r.lat());
            v.set(s.lon, r.lon());
        }
        if (r.asNumber() != null) {
            v.set(s.asNumber, r.asNumber());
        }
        put(v, s.asOrg, r.asOrganizationName());
    }

    private static void put(EventView v, int slot, String value) {
        if (value != null) {
            v.set(slot, value);
        }
    }
}
