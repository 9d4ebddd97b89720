package io.siemflink.enrich.geo;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * GeoIP and ASN lookups in MaxMind DB files (GeoLite2/GeoIP2 City, Country and ASN, and files in the same
 * schema such as DB-IP's), giving the fields Elastic's {@code geoip} processor writes with its default
 * properties: continent_name, country_iso_code, country_name, region_iso_code and region_name (the most
 * specific subdivision), city_name, location; and {@code as.number}, {@code as.organization.name}.
 *
 * <p>Thread-safe; the readers are shared per JVM. Callers cache results per address (see {@code GeoEnricher}).
 */
public final class GeoIp implements Closeable {
    /** What a database file holds, from its metadata's database type. */
    public enum Kind { CITY, COUNTRY, ASN }

    private final Mmdb geo;
    private final Mmdb asn;
    private final String description;

    private GeoIp(Mmdb geo, Mmdb asn, String description) {
        this.geo = geo;
        this.asn = asn;
        this.description = description;
    }

    /**
     * Opens explicit files and/or the databases found in a directory (*.mmdb, told apart by their metadata: a
     * City database is preferred to a Country one). Any argument may be null.
     *
     * @throws IllegalArgumentException naming the setting when a file is missing, unreadable, not a MaxMind
     *         DB or of the wrong kind
     */
    public static GeoIp open(Path dir, Path cityOrCountry, Path asnFile) {
        Path geoPath = cityOrCountry;
        Path asnPath = asnFile;
        if (dir != null) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("enrich.geoip.dir: " + dir + " is not a directory");
            }
            Path city = null;
            Path country = null;
            Path foundAsn = null;
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mmdb")).sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new IllegalArgumentException("enrich.geoip.dir: cannot list " + dir + ": " + e.getMessage(), e);
            }
            for (Path f : files) {
                Kind k = kindOf(f, "enrich.geoip.dir");
                switch (k) {
                    case CITY -> city = city == null ? f : city;
                    case COUNTRY -> country = country == null ? f : country;
                    case ASN -> foundAsn = foundAsn == null ? f : foundAsn;
                }
            }
            if (geoPath == null) {
                geoPath = city != null ? city : country;
            }
            if (asnPath == null) {
                asnPath = foundAsn;
            }
            if (geoPath == null && asnPath == null) {
                throw new IllegalArgumentException("enrich.geoip.dir: no City, Country or ASN .mmdb file in " + dir);
            }
        }
        if (geoPath != null && kindOf(geoPath, "enrich.geoip.city") == Kind.ASN) {
            throw new IllegalArgumentException("enrich.geoip.city: " + geoPath + " is an ASN database");
        }
        if (asnPath != null && kindOf(asnPath, "enrich.geoip.asn") != Kind.ASN) {
            throw new IllegalArgumentException("enrich.geoip.asn: " + asnPath + " is not an ASN database");
        }
        Mmdb g = null;
        try {
            g = geoPath == null ? null : MmdbFiles.acquire(geoPath);
            Mmdb a = asnPath == null ? null : MmdbFiles.acquire(asnPath);
            String d = "geo " + describe(geoPath, g) + ", asn " + describe(asnPath, a);
            return new GeoIp(g, a, d);
        } catch (IOException e) {
            if (g != null) {
                MmdbFiles.release(g);
            }
            throw new IllegalArgumentException("enrich.geoip: cannot open " + e.getMessage(), e);
        }
    }

    private static String describe(Path p, Mmdb db) {
        return db == null ? "none" : p.getFileName() + " (" + db.reader.getMetadata().databaseType() + ", built "
                + db.reader.getMetadata().buildTime() + ")";
    }

    /** The kind of a database file, from its metadata. */
    static Kind kindOf(Path f, String setting) {
        if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
            throw new IllegalArgumentException(setting + ": " + f + " is not a readable file");
        }
        Mmdb r;
        try {
            r = MmdbFiles.acquire(f);
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + ": " + f + " is not a MaxMind DB file: " + e.getMessage(), e);
        }
        try {
            String type = r.reader.getMetadata().databaseType();
            String t = type.toLowerCase(Locale.ROOT);
            if (t.contains("asn")) {
                return Kind.ASN;
            }
            if (t.contains("city")) {
                return Kind.CITY;
            }
            if (t.contains("country")) {
                return Kind.COUNTRY;
            }
            throw new IllegalArgumentException(setting + ": " + f + " has database type '" + type
                    + "', not a City, Country or ASN database");
        } finally {
            MmdbFiles.release(r);
        }
    }

    public String description() {
        return description;
    }

    public boolean hasGeo() {
        return geo != null;
    }

    public boolean hasAsn() {
        return asn != null;
    }

    /** What a City or Country record says, converted once per data record (see {@link Mmdb}). */
    private record Place(String continentName, String countryIso, String countryName, String regionIso,
                         String regionName, String cityName, Double lat, Double lon) {
    }

    /** What an ASN record says. */
    private record As(Long number, String organization) {
    }

    /** Looks an address up in both databases; {@link GeoResult#NONE} when neither knows it. */
    public GeoResult lookup(byte[] address) throws IOException {
        Place p = geo == null ? null : geo.lookup(address, Place.class, GeoIp::place);
        As a = asn == null ? null : asn.lookup(address, As.class, GeoIp::as);
        if (p == null && a == null) {
            return GeoResult.NONE;
        }
        GeoResult r = p == null
                ? new GeoResult(null, null, null, null, null, null, null, null, a.number(), a.organization())
                : new GeoResult(p.continentName(), p.countryIso(), p.countryName(), p.regionIso(), p.regionName(),
                        p.cityName(), p.lat(), p.lon(), a == null ? null : a.number(),
                        a == null ? null : a.organization());
        return r.isEmpty() ? GeoResult.NONE : r;
    }

    private static Place place(Map<?, ?> g) {
        Map<?, ?> country = map(g.get("country"));
        String countryIso = str(country.get("iso_code"));
        if (countryIso == null) {
            countryIso = str(g.get("country_code")); // flat country files (ip-location-db style)
        }
        String regionIso = null;
        String regionName = null;
        if (g.get("subdivisions") instanceof List<?> subs && !subs.isEmpty()) {
            Map<?, ?> sub = map(subs.get(subs.size() - 1)); // the most specific, as Elastic
            String subIso = str(sub.get("iso_code"));
            if (countryIso != null && subIso != null) {
                regionIso = countryIso + "-" + subIso;
            }
            regionName = english(sub);
        }
        Double lat = null;
        Double lon = null;
        Map<?, ?> loc = map(g.get("location"));
        if (loc.get("latitude") instanceof Number la && loc.get("longitude") instanceof Number lo) {
            lat = la.doubleValue();
            lon = lo.doubleValue();
        }
        return new Place(english(map(g.get("continent"))), countryIso, english(country), regionIso, regionName,
                english(map(g.get("city"))), lat, lon);
    }

    private static As as(Map<?, ?> a) {
        Long number = a.get("autonomous_system_number") instanceof Number n ? n.longValue() : null;
        return new As(number, str(a.get("autonomous_system_organization")));
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    private static String english(Map<?, ?> m) {
        return str(map(m.get("names")).get("en"));
    }

    private static String str(Object o) {
        return o instanceof String s && !s.isEmpty() ? s : null;
    }

    @Override
    public void close() {
        if (geo != null) {
            MmdbFiles.release(geo);
        }
        if (asn != null) {
            MmdbFiles.release(asn);
        }
    }
}
