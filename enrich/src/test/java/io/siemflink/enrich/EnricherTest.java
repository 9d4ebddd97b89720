package io.siemflink.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siemflink.parsers.LogType;
import io.siemflink.parsers.event.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnricherTest {
    private static Event flow() {
        Event e = new Event(LogType.VPCFLOW);
        e.put("cloud.account.id", "123456789012");
        e.put("source.ip", "89.160.20.156");
        e.put("source.port", 20641L);
        e.put("destination.ip", "10.0.0.62");
        e.put("destination.port", 22L);
        e.put("network.iana_number", "6");
        return e;
    }

    @Test
    void noneLeavesEventsAlone() {
        try (Enricher en = Enricher.open(EnrichSettings.none())) {
            Event e = flow();
            en.enrich(e);
            assertThat(e.size()).isEqualTo(6);
            assertThat(en.active()).isFalse();
            assertThat(en.stats().events).isZero();
        }
    }

    @Test
    void allStepsTogether(@TempDir Path tmp) throws IOException {
        Path accounts = Files.writeString(tmp.resolve("accounts.csv"), "account_id,name\n123456789012,prod\n");
        Path intel = Files.createDirectories(tmp.resolve("intel"));
        Files.writeString(intel.resolve("list.txt"), "89.160.20.0/24\n");
        EnrichSettings s = EnrichSettings.builder().geoipDir(ElasticExpected.geoipDir().toString())
                .intelDir(intel.toString()).accountsFile(accounts.toString())
                .accounts(Map.of("210987654321", "staging")).build();
        try (Enricher en = Enricher.open(s)) {
            Event e = flow();
            en.enrich(e);
            Map<String, Object> m = e.toMap();
            assertThat(m).containsEntry("cloud.account.name", "prod")
                    .containsEntry("related.ip", List.of("89.160.20.156", "10.0.0.62"))
                    .containsEntry("source.geo.city_name", "Linköping")
                    .containsEntry("source.as.number", 29518L)
                    .containsKey("network.community_id")
                    .containsEntry("threat.indicator.name", "89.160.20.0/24")
                    .doesNotContainKey("destination.geo.country_iso_code");
            Event staging = new Event(LogType.CLOUDTRAIL);
            staging.put("cloud.account.id", "210987654321");
            staging.put("user.name", "alice");
            staging.put("user.target.name", "bob");
            en.enrich(staging);
            assertThat(staging.toMap()).containsEntry("cloud.account.name", "staging")
                    .containsEntry("related.user", List.of("alice", "bob"));
            assertThat(en.describe()).hasSize(4);
            EnrichStats st = en.stats().snapshot();
            assertThat(st.events).isEqualTo(2);
            assertThat(st.accountsNamed).isEqualTo(2);
            assertThat(st.communityIds).isEqualTo(1);
            assertThat(st.intelMatches).isEqualTo(1);
            assertThat(st.errors).isZero();
        }
    }

    @Test
    void badValuesAreLeftAloneAndCounted() {
        try (Enricher en = Enricher.open(EnrichSettings.builder().build())) {
            Event e = flow();
            e.put("source.port", 70000L); // not a port
            e.put("network.iana_number", "tcp"); // not a number
            en.enrich(e);
            assertThat(e.has(io.siemflink.parsers.event.Field.of("network.community_id"))).isFalse();
            Event f = flow();
            f.put("source.port", 70000L);
            en.enrich(f);
            assertThat(f.has(io.siemflink.parsers.event.Field.of("network.community_id"))).isFalse();
            assertThat(en.stats().errors).isEqualTo(2);
            assertThat(en.stats().events).isEqualTo(2);
        }
    }

    @Test
    void settingsValidateNamingTheKeyAndSurviveSerialisation() throws Exception {
        assertThatThrownBy(() -> EnrichSettings.builder().addressCacheSize(0).build()).hasMessageContaining("enrich.cache.addresses");
        assertThatThrownBy(() -> EnrichSettings.builder().intelReloadInterval(Duration.ofMillis(10)).build())
                .hasMessageContaining("enrich.intel.reload-interval");
        assertThatThrownBy(() -> EnrichSettings.builder().accounts(Map.of("12345", "x")).build())
                .hasMessageContaining("12-digit");
        assertThatThrownBy(() -> EnrichSettings.fromKeys(Map.of("enrich.enabled", "true", "enrich.geoip.dri", "x")))
                .hasMessageContaining("unknown setting enrich.geoip.dri");
        assertThatThrownBy(() -> EnrichSettings.fromKeys(Map.of("enrich.enabled", "maybe")))
                .hasMessageContaining("enrich.enabled");
        assertThatThrownBy(() -> EnrichSettings.fromKeys(Map.of("enrich.enabled", "true",
                "enrich.intel.reload-interval", "soon"))).hasMessageContaining("enrich.intel.reload-interval");
        assertThatThrownBy(() -> Enricher.open(EnrichSettings.builder().geoipDir("/nonexistent/geo").build()))
                .hasMessageContaining("enrich.geoip.dir");
        assertThatThrownBy(() -> Enricher.open(EnrichSettings.builder().accountsFile("/nonexistent/a.csv").build()))
                .hasMessageContaining("enrich.accounts.file");

        assertThat(EnrichSettings.fromKeys(Map.of("opensearch.url", "x")).enabled()).isFalse();
        EnrichSettings s = EnrichSettings.fromKeys(Map.of("enrich.enabled", "true", "enrich.geoip.dir", "/g",
                "enrich.intel.dir", "/i", "enrich.intel.reload-interval", "5m", "enrich.user-agent", "false",
                "enrich.cache.addresses", "50_000"));
        assertThat(s.intelReloadInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.userAgent()).isFalse();
        assertThat(s.addressCacheSize()).isEqualTo(50_000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            EnrichSettings back = (EnrichSettings) in.readObject();
            assertThat(back.toString()).isEqualTo(s.toString());
        }
    }

    @Test
    void accountFiles(@TempDir Path tmp) throws IOException {
        Path json = Files.writeString(tmp.resolve("a.json"), "{\"111122223333\": \"prod\", \"444455556666\": \"dev\"}");
        Path yaml = Files.writeString(tmp.resolve("a.yaml"), "# accounts\n'111122223333': prod # main\n444455556666: \"dev #2\"\n");
        Path csv = Files.writeString(tmp.resolve("a.csv"), "111122223333,prod\n\"444455556666\",\"dev\"\n");
        for (Path p : List.of(json, yaml, csv)) {
            assertThat(AccountNames.load(p)).as(p.toString()).containsEntry("111122223333", "prod")
                    .containsKey("444455556666").hasSize(2);
        }
        assertThat(AccountNames.load(yaml)).containsEntry("444455556666", "dev #2");
        Path bad = Files.writeString(tmp.resolve("b.csv"), "111122223333,prod\n11112222333,typo\n");
        assertThatThrownBy(() -> AccountNames.load(bad)).hasMessageContaining("b.csv:2").hasMessageContaining("12-digit");
        Path dup = Files.writeString(tmp.resolve("d.yml"), "111122223333: a\n111122223333: b\n");
        assertThatThrownBy(() -> AccountNames.load(dup)).hasMessageContaining("d.yml:2").hasMessageContaining("twice");
        Path txt = Files.writeString(tmp.resolve("a.txt"), "x");
        assertThatThrownBy(() -> AccountNames.load(txt)).hasMessageContaining("not .csv");
    }
}
