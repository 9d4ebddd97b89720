package io.siemflink.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The import request against a stand-in for OSD's import API (see {@link FakeDashboards} for what it checks). */
class SavedObjectsImporterTest {
    static final byte[] NDJSON = SavedObjects.ndjsonBytes(DefinitionLoader.load());
    static final int OBJECTS = SavedObjects.generate(DefinitionLoader.load()).size();

    @Test
    void importsEverythingThenReportsTheSecondImportAsUpdates() throws Exception {
        try (FakeDashboards osd = new FakeDashboards()) {
            SavedObjectsImporter importer = new SavedObjectsImporter(SavedObjectsImporter.Options.of(osd.url()));
            SavedObjectsImporter.Result first = importer.importNdjson(NDJSON, "siemflink-dashboards.ndjson");
            assertThat(first.ok()).isTrue();
            assertThat(first.created()).hasSize(OBJECTS);
            assertThat(first.updated()).isEmpty();
            assertThat(first.created()).contains(new SavedObjectsImporter.Item("dashboard", "siemflink-dashboard-cloudtrail",
                    "SIEM: CloudTrail Summary"));
            assertThat(osd.stored()).hasSize(OBJECTS);

            SavedObjectsImporter.Result second = importer.importNdjson(NDJSON, "siemflink-dashboards.ndjson");
            assertThat(second.created()).isEmpty();
            assertThat(second.updated()).hasSize(OBJECTS);

            FakeDashboards.Request r = osd.requests.get(0);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/api/saved_objects/_import");
            assertThat(r.query()).isEqualTo("overwrite=true");
            assertThat(r.headers()).containsEntry("osd-xsrf", "true").doesNotContainKeys("securitytenant", "authorization");
            assertThat(r.fileName()).isEqualTo("siemflink-dashboards.ndjson");
            assertThat(r.content()).isEqualTo(new String(NDJSON, StandardCharsets.UTF_8));
        }
    }

    @Test
    void sendsTenantAndBasicCredentialsAndKeepsABasePath() throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));
        try (FakeDashboards osd = new FakeDashboards().requireAuthorization(auth)) {
            var noAuth = new SavedObjectsImporter(SavedObjectsImporter.Options.of(osd.url()));
            assertThatThrownBy(() -> noAuth.importNdjson(NDJSON, "x.ndjson"))
                    .hasMessageContaining("HTTP 401").hasMessageContaining("Authentication required");
            var options = new SavedObjectsImporter.Options(URI.create(osd.url() + "/"), "global", "admin", "s3cret", null, false, null);
            assertThat(new SavedObjectsImporter(options).importNdjson(NDJSON, "x.ndjson").created()).hasSize(OBJECTS);
            assertThat(osd.requests.get(1).headers()).containsEntry("securitytenant", "global").containsEntry("authorization", auth);
        }
        var withBase = new SavedObjectsImporter(SavedObjectsImporter.Options.of(URI.create("https://search.example.com/_dashboards/")));
        assertThat(withBase.endpoint()).hasToString("https://search.example.com/_dashboards/api/saved_objects/_import?overwrite=true");
    }

    @Test
    void reportsObjectErrorsAndRefusedRequests() throws Exception {
        String dangling = "{\"attributes\":{\"title\":\"Orphan\"},\"id\":\"orphan\",\"references\":[{\"name\":\"x\",\"type\":\"index-pattern\","
                + "\"id\":\"missing-pattern\"}],\"type\":\"visualization\"}\n";
        try (FakeDashboards osd = new FakeDashboards()) {
            var importer = new SavedObjectsImporter(SavedObjectsImporter.Options.of(osd.url()));
            SavedObjectsImporter.Result r = importer.importNdjson(dangling.getBytes(StandardCharsets.UTF_8), "bad.ndjson");
            assertThat(r.ok()).isFalse();
            assertThat(r.errors()).containsExactly("visualization orphan (Orphan): missing_references index-pattern:missing-pattern");
            assertThat(osd.stored()).isEmpty();
            assertThatThrownBy(() -> importer.importNdjson(NDJSON, "objects.json"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("*.ndjson");
        }
        assertThatThrownBy(() -> new SavedObjectsImporter.Options(URI.create("http://osd.example.com:5601"), null, "u", "p",
                null, false, null)).hasMessageContaining("plain HTTP");
        assertThatThrownBy(() -> SavedObjectsImporter.Options.of(URI.create("ftp://x"))).hasMessageContaining("--url");
        assertThatThrownBy(() -> new SavedObjectsImporter.Options(URI.create("https://x"), null, "u", null, null, false, null))
                .hasMessageContaining("go together");
    }

    @Test
    void anUnreachableDashboardsIsAnIoError() {
        var importer = new SavedObjectsImporter(SavedObjectsImporter.Options.of(URI.create("http://127.0.0.1:1")));
        assertThatThrownBy(() -> importer.importNdjson(NDJSON, "x.ndjson")).isInstanceOf(java.io.IOException.class);
    }
}
