package io.siemflink.enrich.geo;

import com.maxmind.db.Reader;
import io.siemflink.enrich.net.IpAddr;
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

    private final Reader geo;
    private final Reader asn;
    private final String description;

    private GeoIp(Reader geo, Reader asn, String description) {
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
        Reader g = null;
        try {
            g = geoPath == null ? null : MmdbFiles.acquire(geoPath);
            Reader a = asnPath == null ? null : MmdbFiles.acquire(asnPath);
            String d = "geo " + describe(geoPath, g) + ", asn " + describe(asnPath, a);
            return new GeoIp(g, a, d);
        } catch (IOException e) {
            if (g != null) {
                MmdbFiles.release(g);
            }
            throw new IllegalArgumentException("enrich.geoip: cannot open " + e.getMessage(), e);
        }
    }

    private static String describe(Path p, Reader r) {
        return r == null ? "none" : p.getFileName() + " (" + r.getMetadata().databaseType() + ", built "
                + r.getMetadata().buildTime() + ")";
    }

    /** The kind of a database file, from its metadata. */
    static Kind kindOf(Path f, String setting) {
        if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
            throw new IllegalArgumentException(setting + ": " + f + " is not a readable file");
        }
        Reader r;
        try {
            r = MmdbFiles.acquire(f);
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + ": " + f + " is not a MaxMind DB file: " + e.getMessage(), e);
        }
        try {
            String type = r.getMetadata().databaseType();
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

    /** Looks an address up in both databases; {@link GeoResult#NONE} when neither knows it. */
    public GeoResult lookup(byte[] address) throws IOException {
        var inet = IpAddr.toInet(address);
        Map<?, ?> g = geo == null ? null : geo.get(inet, Map.class);
        Map<?, ?> a = asn == null ? null : asn.get(inet, Map.class);
        if (g == null && a == null) {
            return GeoResult.NONE;
        }
        String countryIso = null;
        String continentName = null;
        String countryName = null;
        String regionIso = null;
        String regionName = null;
        String cityName = null;
        Double lat = null;
        Double lon = null;
        if (g != null) {
            Map<?, ?> country = map(g.get("country"));
            countryIso = str(country.get("iso_code"));
            if (countryIso == null) {
                countryIso = str(g.get("country_code")); // flat country files (ip-location-db style)
            }
            countryName = english(country);
            continentName = english(map(g.get("continent")));
            cityName = english(map(g.get("city")));
            if (g.get("subdivisions") instanceof List<?> subs && !subs.isEmpty()) {
                Map<?, ?> sub = map(subs.get(subs.size() - 1)); // the most specific, as Elastic
                String subIso = str(sub.get("iso_code"));
                if (countryIso != null && subIso != null) {
                    regionIso = countryIso + "-" + subIso;
                }
                regionName = english(sub);
            }
            Map<?, ?> loc = map(g.get("location"));
            if (loc.get("latitude") instanceof Number la && loc.get("longitude") instanceof Number lo) {
                lat = la.doubleValue();
                lon = lo.doubleValue();
            }
        }
        Long asNumber = null;
        String asOrg = null;
        if (a != null) {
            if (a.get("autonomous_system_number") instanceof Number n) {
                asNumber = n.longValue();
            }
            asOrg = str(a.get("autonomous_system_organization"));
        }
        GeoResult r = new GeoResult(continentName, countryIso, countryName, regionIso, regionName, cityName, lat, lon,
                asNumber, asOrg);
        return r.isEmpty() ? GeoResult.NONE : r;
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
