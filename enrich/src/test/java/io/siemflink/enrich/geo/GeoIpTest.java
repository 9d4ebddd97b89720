package io.siemflink.enrich.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.siemflink.enrich.Addresses;
import io.siemflink.enrich.ElasticExpected;
import io.siemflink.enrich.EnrichStats;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.EventJson;
import io.siemflink.parsers.testing.Conformance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * For every address in Elastic's expected documents, our geo and as fields from the same MaxMind test databases
 * equal Elastic's, field for field: nothing more, nothing less.
 */
class GeoIpTest {
    @Test
    void everyExpectedAddressGetsElasticsGeoAndAsFields() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        int withGeo = 0;
        try (GeoIp geo = GeoIp.open(ElasticExpected.geoipDir(), null, null)) {
            assertThat(geo.hasGeo()).isTrue();
            assertThat(geo.hasAsn()).isTrue();
            assertThat(geo.description()).contains("City").contains("ASN");
            EnrichStats stats = new EnrichStats();
            GeoEnricher enricher = new GeoEnricher(geo, new Addresses(100), stats);
            for (ElasticExpected.Doc d : ElasticExpected.all()) {
                Event e = new Event(LogType.VPCFLOW);
                for (String side : List.of("source", "destination")) {
                    String ip = d.text(side + ".ip");
                    if (ip != null) {
                        e.put(side + ".ip", ip);
                    }
                }
                if (e.size() == 0) {
                    continue;
                }
                enricher.enrich(e);
                Map<String, JsonNode> ours = Conformance.flatten(ElasticExpected.JSON.readTree(EventJson.toJson(e)));
                for (String side : List.of("source", "destination")) {
                    Map<String, JsonNode> exp = enrichment(d.fields(), side);
                    Map<String, JsonNode> act = enrichment(ours, side);
                    compared++;
                    withGeo += exp.isEmpty() ? 0 : 1;
                    if (!sameValues(exp, act)) {
                        mismatches.add(d + " " + side + " " + d.text(side + ".ip") + ": expected " + exp + ", got " + act);
                    }
                }
            }
            assertThat(stats.geoHits).isPositive();
            assertThat(stats.geoSkipped).isPositive(); // the private addresses among them
        }
        assertThat(mismatches).isEmpty();
        assertThat(withGeo).as("sides with geo or as fields in Elastic's documents").isGreaterThanOrEqualTo(50);
        assertThat(compared).isGreaterThan(withGeo);
    }

    private static Map<String, JsonNode> enrichment(Map<String, JsonNode> doc, String side) {
        Map<String, JsonNode> m = new TreeMap<>();
        doc.forEach((k, v) -> {
            if (k.startsWith(side + ".geo.") || k.startsWith(side + ".as.")) {
                m.put(k, v);
            }
        });
        return m;
    }

    private static boolean sameValues(Map<String, JsonNode> exp, Map<String, JsonNode> act) {
        if (!exp.keySet().equals(act.keySet())) {
            return false;
        }
        return exp.keySet().stream().allMatch(k -> Conformance.valuesEqual(exp.get(k), act.get(k)));
    }

    @Test
    void privateAndReservedAddressesAreNotLookedUp() throws IOException {
        try (GeoIp geo = GeoIp.open(ElasticExpected.geoipDir(), null, null)) {
            EnrichStats stats = new EnrichStats();
            GeoEnricher enricher = new GeoEnricher(geo, new Addresses(100), stats);
            for (String ip : List.of("10.1.2.3", "172.16.0.1", "192.168.1.1", "127.0.0.1", "169.254.169.254",
                    "100.64.0.1", "224.0.0.1", "255.255.255.255", "198.51.100.7", "::1", "fe80::1", "fd00::1",
                    "2001:db8::1", "ff02::1", "ec2.amazonaws.com")) {
                Event e = new Event(LogType.CLOUDTRAIL);
                e.put("source.ip", ip);
                enricher.enrich(e);
                assertThat(e.size()).as(ip).isEqualTo(1);
            }
            assertThat(stats.geoSkipped).isEqualTo(15);
            assertThat(stats.geoHits + stats.geoMisses).isZero();
        }
    }

    @Test
    void resultsAreCachedPerAddress() throws IOException {
        try (GeoIp geo = GeoIp.open(ElasticExpected.geoipDir(), null, null)) {
            EnrichStats stats = new EnrichStats();
            GeoEnricher enricher = new GeoEnricher(geo, new Addresses(2), stats);
            for (String ip : List.of("89.160.20.156", "89.160.20.156", "81.2.69.142", "8.8.8.8", "89.160.20.156")) {
                Event e = new Event(LogType.CLOUDTRAIL);
                e.put("source.ip", ip);
                enricher.enrich(e);
            }
            // hit, cached hit, hit, miss (not in the test database), hit again after eviction (capacity 2)
            assertThat(stats.geoCacheHits).isEqualTo(1);
            assertThat(stats.geoHits).isEqualTo(4);
            assertThat(stats.geoMisses).isEqualTo(1);
        }
    }

    @Test
    void explicitFilesAndClearErrors(@TempDir Path tmp) throws IOException {
        Path dir = ElasticExpected.geoipDir();
        try (GeoIp geo = GeoIp.open(null, dir.resolve("GeoLite2-Country-Test.mmdb"), null)) {
            GeoResult r = geo.lookup(new byte[] {89, (byte) 160, 20, (byte) 156});
            assertThat(r.countryIsoCode()).isEqualTo("SE");
            assertThat(r.cityName()).isNull();
            assertThat(r.asNumber()).isNull();
        }
        assertThatThrownBy(() -> GeoIp.open(null, dir.resolve("GeoLite2-ASN-Test.mmdb"), null))
                .hasMessageContaining("enrich.geoip.city").hasMessageContaining("ASN database");
        assertThatThrownBy(() -> GeoIp.open(null, null, dir.resolve("GeoLite2-City-Test.mmdb")))
                .hasMessageContaining("enrich.geoip.asn").hasMessageContaining("not an ASN database");
        assertThatThrownBy(() -> GeoIp.open(null, tmp.resolve("missing.mmdb"), null))
                .hasMessageContaining("enrich.geoip.city").hasMessageContaining("not a readable file");
        Path junk = Files.writeString(tmp.resolve("junk.mmdb"), "not a database");
        assertThatThrownBy(() -> GeoIp.open(null, junk, null))
                .hasMessageContaining("not a MaxMind DB file");
        assertThatThrownBy(() -> GeoIp.open(tmp.resolve("nope"), null, null))
                .hasMessageContaining("enrich.geoip.dir").hasMessageContaining("not a directory");
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertThatThrownBy(() -> GeoIp.open(empty, null, null)).hasMessageContaining("no City, Country or ASN");
        assertThat(MmdbFiles.openCount()).isZero();
    }
}
