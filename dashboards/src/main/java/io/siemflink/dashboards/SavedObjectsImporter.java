package io.siemflink.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Imports saved objects through OpenSearch Dashboards' saved-objects import API:
 * {@code POST <url>/api/saved_objects/_import?overwrite=true}, multipart form with the NDJSON as part {@code file}
 * (its name must end in {@code .ndjson}), header {@code osd-xsrf: true}, and with the security plugin the
 * {@code securitytenant} header for the tenant.
 *
 * <p>The response relied on (OSD 2.x, Kibana 7.10's shape): {@code {"success": bool, "successCount": n,
 * "successResults": [{"type", "id", "meta": {"title"}, "overwrite": true?}], "errors": [{"type", "id", "title",
 * "meta": {"title"}, "error": {"type": "conflict"|"missing_references"|"unsupported_type"|"unknown", ...}}]}};
 * {@code overwrite: true} marks an object that existed and was replaced (updated), its absence a new one.
 * Anything but 200 is an error whose body ({@code {"statusCode", "error", "message"}}) is reported.
 */
public final class SavedObjectsImporter {
    /** Where and how to connect. {@code password} is the value, read by the caller from an environment variable. */
    public record Options(URI url, String tenant, String username, String password, Path caCertificate,
                          boolean allowInsecureHttp, Duration timeout) {
        public Options {
            if (url == null || url.getHost() == null
                    || !List.of("http", "https").contains(String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("--url must be an http:// or https:// URL of OpenSearch Dashboards, was " + url);
            }
            if ((username == null) != (password == null)) {
                throw new IllegalArgumentException("--user and --password-env go together");
            }
            if (username != null && url.getScheme().equalsIgnoreCase("http") && !allowInsecureHttp && !loopback(url.getHost())) {
                throw new IllegalArgumentException("refusing to send credentials over plain HTTP to " + url.getHost()
                        + "; use https:// or --allow-insecure-http");
            }
            timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        }

        public static Options of(URI url) {
            return new Options(url, null, null, null, null, false, null);
        }
    }

    /** One imported object. */
    public record Item(String type, String id, String title) {
        public String line() {
            return type + " " + id + (title == null || title.isEmpty() ? "" : " (" + title + ")");
        }
    }

    /** What OSD did; {@code errors} are one line each, empty when everything was imported. */
    public record Result(List<Item> created, List<Item> updated, List<String> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final Options options;
    private final HttpClient http;

    public SavedObjectsImporter(Options options) {
        this.options = options;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (options.caCertificate() != null) {
            b.sslContext(trusting(options.caCertificate()));
        }
        this.http = b.build();
    }

    public Result importNdjson(byte[] ndjson, String fileName) throws IOException, InterruptedException {
        if (!fileName.endsWith(".ndjson")) {
            throw new IllegalArgumentException("OSD only accepts files named *.ndjson, was " + fileName);
        }
        String boundary = "siemflink-" + UUID.randomUUID();
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint())
                .timeout(options.timeout())
                .header("osd-xsrf", "true")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, fileName, ndjson)));
        if (options.tenant() != null) {
            req.header("securitytenant", options.tenant());
        }
        if (options.username() != null) {
            req.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (options.username() + ":" + options.password()).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<byte[]> r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        String body = new String(r.body(), StandardCharsets.UTF_8);
        if (r.statusCode() != 200) {
            throw new IOException("import failed with HTTP " + r.statusCode() + ": " + describeError(body));
        }
        return parse(SavedObjects.JSON.readTree(body));
    }

    URI endpoint() {
        String base = options.url().toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/api/saved_objects/_import?overwrite=true");
    }

    static byte[] multipart(String boundary, String fileName, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 512);
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: application/ndjson\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static Result parse(JsonNode response) {
        List<Item> created = new ArrayList<>();
        List<Item> updated = new ArrayList<>();
        for (JsonNode s : response.path("successResults")) {
            Item item = new Item(s.path("type").asText(), s.path("id").asText(), s.path("meta").path("title").asText(null));
            (s.path("overwrite").asBoolean(false) ? updated : created).add(item);
        }
        List<String> errors = new ArrayList<>();
        for (JsonNode e : response.path("errors")) {
            String title = e.hasNonNull("title") ? e.get("title").asText() : e.path("meta").path("title").asText(null);
            JsonNode err = e.path("error");
            StringBuilder line = new StringBuilder(new Item(e.path("type").asText(), e.path("id").asText(), title).line())
                    .append(": ").append(err.path("type").asText("error"));
            for (JsonNode ref : err.path("references")) {
                line.append(" ").append(ref.path("type").asText()).append(':').append(ref.path("id").asText());
            }
            if (err.hasNonNull("message")) {
                line.append(" ").append(err.get("message").asText());
            }
            errors.add(line.toString());
        }
        if (errors.isEmpty() && !response.path("success").asBoolean(false)) {
            errors.add("OSD answered success=false without errors: " + response);
        }
        return new Result(List.copyOf(created), List.copyOf(updated), List.copyOf(errors));
    }

    private static String describeError(String body) {
        try {
            JsonNode n = SavedObjects.JSON.readTree(body);
            if (n.hasNonNull("message")) {
                return n.path("error").asText("") + (n.has("error") ? ": " : "") + n.get("message").asText();
            }
        } catch (IOException e) {
            // not JSON: show it as it is
        }
        return body.length() > 2000 ? body.substring(0, 2000) + "..." : body;
    }

    static boolean loopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
    }

    private static SSLContext trusting(Path pem) {
        try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(pem))) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new IllegalArgumentException("--ca-cert " + pem + " holds no certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load --ca-cert " + pem + ": " + e.getMessage(), e);
        }
    }
}
