package io.siemflink.enrich.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.siemflink.enrich.Addresses;
import io.siemflink.enrich.ElasticExpected;
import io.siemflink.enrich.EnrichStats;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreatIntelTest {
    private static final String STIX = """
            {"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": [
              {"type": "identity", "spec_version": "2.1", "id": "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
               "name": "ACME Threat Feed", "identity_class": "organization"},
              {"type": "indicator", "spec_version": "2.1", "id": "indicator--a1",
               "created_by_ref": "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
               "name": "C2 server", "description": "Command and control", "confidence": 85,
               "pattern": "[ipv4-addr:value = '198.51.100.3']", "pattern_type": "stix",
               "valid_from": "2020-01-01T00:00:00Z",
               "external_references": [{"source_name": "acme", "url": "https://feed.example/c2"}]},
              {"type": "indicator", "spec_version": "2.1", "id": "indicator--a2", "pattern_type": "stix",
               "pattern": "[ipv4-addr:value ISSUBSET '203.0.113.0/24'] OR [domain-name:value = 'Evil.Example']",
               "valid_from": "2020-01-01T00:00:00Z"},
              {"type": "indicator", "spec_version": "2.1", "id": "indicator--a3", "pattern_type": "stix",
               "pattern": "[ipv6-addr:value = '2001:db8::bad' OR ipv6-addr:value = '2001:db8::beef']",
               "valid_from": "2020-01-01T00:00:00Z"},
              {"type": "indicator", "spec_version": "2.1", "id": "indicator--expired", "pattern_type": "stix",
               "pattern": "[ipv4-addr:value = '192.0.2.99']", "valid_from": "2020-01-01T00:00:00Z",
               "valid_until": "2021-01-01T00:00:00Z"},
              {"type": "indicator", "spec_version": "2.1", "id": "indicator--revoked", "pattern_type": "stix",
               "pattern": "[ipv4-addr:value = '192.0.2.98']", "valid_from": "2020-01-01T00:00:00Z", "revoked": true},
              {"type": "indicator", "spec_version": "2.1", "id": "indicator--and", "pattern_type": "stix",
               "pattern": "[ipv4-addr:value = '192.0.2.1' AND network-traffic:dst_port = 443]",
               "valid_from": "2020-01-01T00:00:00Z"},
              {"type": "indicator", "spec_version": "2.1", "id": "indicator--url", "pattern_type": "stix",
               "pattern": "[url:value = 'http://evil.example/x']", "valid_from": "2020-01-01T00:00:00Z"},
              {"type": "indicator", "spec_version": "2.1", "id": "indicator--sigma", "pattern_type": "sigma",
               "pattern": "title: x", "valid_from": "2020-01-01T00:00:00Z"},
              {"type": "malware", "spec_version": "2.1", "id": "malware--1", "name": "x", "is_family": true}
            ]}
            """;

    private static Path dir(Path tmp) throws IOException {
        Path d = Files.createDirectories(tmp.resolve("intel"));
        Files.writeString(d.resolve("blocklist.txt"), """
                # our own list
                192.0.2.10
                10.0.0.0/8          # the whole private range, for the test
                10.1.0.0/16
                bad.example.org
                2001:db8:aaaa::/48
                not an indicator
                http://evil.example/path
                999.1.1.1
                """);
        Files.writeString(d.resolve("partners.csv"), """
                indicator,type,provider,description,confidence
                192.0.2.20,ip,Partner CERT,"scanner, seen often",high
                tracker.example.net,domain,Partner CERT,,50
                192.0.2.21,domain,Partner CERT,type does not fit,
                deadbeef,md5,Partner CERT,a hash,
                """);
        Files.writeString(d.resolve("feed.json"), STIX);
        return d;
    }

    @Test
    void loadsAllThreeFormatsAndReportsWhatItCannotUse(@TempDir Path tmp) throws IOException {
        ThreatIntel intel = ThreatIntel.acquire(dir(tmp), Duration.ofSeconds(60), null);
        try {
            LoadReport r = intel.report();
            assertThat(r.perFile()).containsEntry("blocklist.txt", 5).containsEntry("partners.csv", 2)
                    .containsEntry("feed.json", 5);
            assertThat(intel.index().size()).isEqualTo(12);
            assertThat(r.invalid()).isEqualTo(3); // 'not an indicator', 999.1.1.1, the type mismatch
            assertThat(r.unsupported()).isEqualTo(5); // the URL line, md5, AND, url:value, sigma
            assertThat(r.inactive()).isEqualTo(2); // expired, revoked
            assertThat(r.problems()).anyMatch(p -> p.startsWith("blocklist.txt:7: ") && p.contains("'not an indicator'"))
                    .anyMatch(p -> p.startsWith("blocklist.txt:9: "))
                    .anyMatch(p -> p.startsWith("partners.csv:4: ") && p.contains("does not fit"))
                    .anyMatch(p -> p.startsWith("feed.json:indicator--and: unsupported") && p.contains("AND"));
        } finally {
            intel.release();
        }
    }

    @Test
    void matchesAddressesNetworksAndDomainsAndWritesEcsEnrichments(@TempDir Path tmp) throws IOException {
        ThreatIntel intel = ThreatIntel.acquire(dir(tmp), Duration.ofSeconds(60), null);
        try {
            EnrichStats stats = new EnrichStats();
            IntelEnricher enricher = new IntelEnricher(intel, new Addresses(100), stats);

            Event e = new Event(LogType.VPCFLOW);
            e.put("source.ip", "198.51.100.3");
            e.put("destination.ip", "10.1.2.3");
            e.put("related.ip", new ArrayList<>(List.of("198.51.100.3", "10.1.2.3", "203.0.113.77")));
            enricher.enrich(e);
            JsonNode doc = ElasticExpected.JSON.readTree(EventJson.toJson(e));
            JsonNode en = doc.path("threat").path("enrichments");
            assertThat(en.size()).isEqualTo(3);
            assertThat(en.get(0).path("indicator").path("ip").asText()).isEqualTo("198.51.100.3");
            assertThat(en.get(0).path("indicator").path("provider").asText()).isEqualTo("ACME Threat Feed");
            assertThat(en.get(0).path("indicator").path("name").asText()).isEqualTo("C2 server");
            assertThat(en.get(0).path("indicator").path("confidence").asText()).isEqualTo("High");
            assertThat(en.get(0).path("indicator").path("reference").asText()).isEqualTo("https://feed.example/c2");
            assertThat(en.get(0).path("matched").path("field").asText()).isEqualTo("source.ip");
            assertThat(en.get(0).path("matched").path("id").asText()).isEqualTo("indicator--a1");
            assertThat(en.get(0).path("matched").path("index").asText()).isEqualTo("feed.json");
            // the most specific network wins: 10.1.0.0/16 over 10.0.0.0/8
            assertThat(en.get(1).path("indicator").path("name").asText()).isEqualTo("10.1.0.0/16");
            assertThat(en.get(1).path("indicator").has("ip")).isFalse();
            assertThat(en.get(1).path("matched").path("atomic").asText()).isEqualTo("10.1.2.3");
            assertThat(en.get(1).path("matched").path("id").asText()).isEqualTo("blocklist.txt:4");
            // an address only in related.ip is matched there
            assertThat(en.get(2).path("matched").path("field").asText()).isEqualTo("related.ip");
            assertThat(en.get(2).path("matched").path("id").asText()).isEqualTo("indicator--a2");
            assertThat(doc.path("threat").path("indicator").path("ip").asText()).isEqualTo("198.51.100.3");
            assertThat(doc.path("threat").path("indicator").path("type").asText()).isEqualTo("ipv4-addr");

            Event web = new Event(LogType.ELB);
            web.put("source.ip", "192.0.2.20");
            web.put("url.domain", "cdn.Tracker.Example.NET");
            web.put("tls.client.server_name", "evil.example");
            web.put("destination.domain", "bad.example.org.evil"); // a suffix that is not a parent domain
            enricher.enrich(web);
            JsonNode w = ElasticExpected.JSON.readTree(EventJson.toJson(web)).path("threat").path("enrichments");
            assertThat(w.size()).isEqualTo(3);
            assertThat(w.get(0).path("indicator").path("description").asText()).isEqualTo("scanner, seen often");
            assertThat(w.get(0).path("indicator").path("confidence").asText()).isEqualTo("High");
            assertThat(w.get(1).path("indicator").path("domain").asText()).isEqualTo("tracker.example.net");
            assertThat(w.get(1).path("indicator").path("confidence").asText()).isEqualTo("Medium");
            assertThat(w.get(1).path("matched").path("atomic").asText()).isEqualTo("cdn.Tracker.Example.NET");
            assertThat(w.get(2).path("matched").path("field").asText()).isEqualTo("tls.client.server_name");

            Event v6 = new Event(LogType.VPCFLOW);
            v6.put("source.ip", "2001:db8:aaaa:1::5");
            v6.put("destination.ip", "2001:DB8::BEEF");
            enricher.enrich(v6);
            assertThat(ElasticExpected.JSON.readTree(EventJson.toJson(v6)).path("threat").path("enrichments").size())
                    .isEqualTo(2);

            Event clean = new Event(LogType.VPCFLOW);
            clean.put("source.ip", "192.0.2.99"); // expired
            clean.put("destination.ip", "192.0.2.98"); // revoked
            clean.put("url.domain", "example.org");
            enricher.enrich(clean);
            assertThat(clean.size()).isEqualTo(3);
            assertThat(stats.intelEvents).isEqualTo(3);
            assertThat(stats.intelMatches).isEqualTo(8);
        } finally {
            intel.release();
        }
    }

    @Test
    void reloadsWhenFilesChangeAndKeepsTheIndexWhenAFileIsBroken(@TempDir Path tmp) throws IOException {
        Path d = Files.createDirectories(tmp.resolve("intel"));
        Path list = Files.writeString(d.resolve("list.txt"), "192.0.2.1\n");
        List<String> warnings = new ArrayList<>();
        ThreatIntel intel = ThreatIntel.acquire(d, Duration.ofSeconds(1), warnings::add);
        try {
            assertThat(intel.index().size()).isEqualTo(1);
            intel.reloadNow();
            assertThat(intel.loads()).as("unchanged files are not read again").isEqualTo(1);

            Files.writeString(list, "192.0.2.1\n192.0.2.2\n");
            touch(list, 1);
            intel.reloadNow();
            assertThat(intel.loads()).isEqualTo(2);
            assertThat(intel.index().matchIp(new byte[] {(byte) 192, 0, 2, 2})).isNotNull();

            Path broken = Files.writeString(d.resolve("feed.json"), "{\"type\": \"bundle\", \"objects\": [");
            intel.reloadNow();
            assertThat(intel.loads()).isEqualTo(2);
            assertThat(intel.index().size()).as("the previous index stays").isEqualTo(2);
            assertThat(intel.lastError()).contains("feed.json").contains("invalid JSON").contains("keeping the previous 2");
            assertThat(warnings).anyMatch(w -> w.contains("feed.json"));

            Files.writeString(broken, STIX);
            touch(broken, 2);
            intel.reloadNow();
            assertThat(intel.loads()).isEqualTo(3);
            assertThat(intel.lastError()).isNull();
            assertThat(intel.index().size()).isEqualTo(7);

            // the interval gate: a check right after the last one does nothing, one after the interval reloads
            Files.delete(broken);
            long now = System.nanoTime();
            intel.maybeReload(now);
            assertThat(intel.index().size()).isEqualTo(7);
            intel.maybeReload(now + Duration.ofSeconds(2).toNanos());
            assertThat(intel.index().size()).isEqualTo(2);
        } finally {
            intel.release();
        }
    }

    @Test
    void unusableDirectoryOrFirstLoadFailsNamingTheSetting(@TempDir Path tmp) throws IOException {
        assertThatThrownBy(() -> ThreatIntel.acquire(tmp.resolve("missing"), Duration.ofSeconds(60), null))
                .hasMessageContaining("enrich.intel.dir").hasMessageContaining("not a directory");
        Path d = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(d.resolve("x.csv"), "ip,comment\n1.2.3.4,x\n");
        assertThatThrownBy(() -> ThreatIntel.acquire(d, Duration.ofSeconds(60), null))
                .hasMessageContaining("enrich.intel.dir").hasMessageContaining("x.csv:1")
                .hasMessageContaining("no 'indicator'");
    }

    @Test
    void stixPatternSubset() throws StixPatterns.Unsupported {
        assertThat(StixPatterns.parse("[domain-name:value = 'it\\'s.example']"))
                .containsExactly(new StixPatterns.Term("domain-name", "it's.example"));
        assertThat(StixPatterns.parse("[ipv4-addr:value = '1.2.3.4'] OR [ipv4-addr:value = '5.6.7.8']")).hasSize(2);
        for (String bad : List.of("[ipv4-addr:value = '1.2.3.4'] AND [ipv4-addr:value = '5.6.7.8']",
                "[ipv4-addr:value != '1.2.3.4']", "[file:hashes.MD5 = 'x']",
                "[ipv4-addr:value = '1.2.3.4'] WITHIN 5 SECONDS", "[domain-name:value ISSUBSET 'x']",
                "[ipv4-addr:value = '1.2.3.4'")) {
            assertThatThrownBy(() -> StixPatterns.parse(bad)).as(bad).isInstanceOf(StixPatterns.Unsupported.class);
        }
    }

    private static void touch(Path p, int seconds) throws IOException {
        // file systems with coarse timestamps: make the change visible in the modification time too
        Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() + seconds * 1000L));
    }

    @SuppressWarnings("unused")
    private static Map<String, Integer> counts(ThreatIntel t) {
        return t.index().counts();
    }
}
