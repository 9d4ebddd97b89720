package io.siemflink.pipeline.opensearch;

import java.io.ByteArrayInputStream;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A small HTTP client for the few OpenSearch APIs we use (bulk, templates, cluster info), on the JDK's
 * HttpClient: no server jars, TLS verification always on (a custom CA can be added), basic auth or AWS SigV4
 * for Amazon OpenSearch Service.
 */
public final class OpenSearchClient implements AutoCloseable {
    /** A response; the body is kept as bytes because bulk responses are parsed by streaming. */
    public record Response(int status, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final OpenSearchSettings settings;
    private final HttpClient http;
    private final String basicHeader;
    private final AwsV4HttpSigner signer;
    private final AwsCredentialsProvider credentials;

    public OpenSearchClient(OpenSearchSettings settings) {
        this.settings = settings;
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1);
        if (settings.caCertificate() != null) {
            b.sslContext(sslContextTrusting(Path.of(settings.caCertificate())));
        }
        this.http = b.build();
        this.basicHeader = settings.auth().equals("basic") ? "Basic " + Base64.getEncoder().encodeToString(
                (settings.username() + ":" + password(settings)).getBytes(StandardCharsets.UTF_8)) : null;
        this.signer = settings.auth().equals("sigv4") ? AwsV4HttpSigner.create() : null;
        this.credentials = settings.auth().equals("sigv4") ? DefaultCredentialsProvider.builder().build() : null;
    }

    public OpenSearchSettings settings() {
        return settings;
    }

    /** The password given as text, or fetched from Secrets Manager now, where this client is built. */
    private static String password(OpenSearchSettings s) {
        return s.password() != null || s.passwordSecret() == null ? s.password() : s.passwordSecret().fetch();
    }

    public Response send(String method, String path, byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request(method, path, body), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.body());
    }

    public Response send(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    public CompletableFuture<Response> sendAsync(String method, String path, byte[] body) {
        try {
            return http.sendAsync(request(method, path, body), HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(r -> new Response(r.statusCode(), r.body()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private HttpRequest request(String method, String path, byte[] body) {
        URI uri = resolve(path);
        String contentType = path.startsWith("/_bulk") || path.contains("/_bulk") ? "application/x-ndjson" : "application/json";
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout());
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        b.method(method, publisher);
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        if (basicHeader != null) {
            b.header("Authorization", basicHeader);
        }
        if (signer != null) {
            sign(b, method, uri, body, contentType);
        }
        return b.build();
    }

    private URI resolve(String path) {
        String base = settings.url().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + (path.startsWith("/") ? path : "/" + path));
    }

    /** SigV4 with the SDK's signer; the JDK client sets Host itself, identical to what was signed. */
    private void sign(HttpRequest.Builder b, String method, URI uri, byte[] body, String contentType) {
        SdkHttpRequest.Builder req = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method));
        if (body != null) {
            req.putHeader("Content-Type", contentType);
        }
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        SignedRequest signed = signer.sign(r -> r.identity(identity)
                .request(req.build())
                .payload(body == null ? null : ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, settings.sigv4Service())
                .putProperty(AwsV4HttpSigner.REGION_NAME, settings.region()));
        for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
            String name = h.getKey();
            if (name.equalsIgnoreCase("Host") || name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length")) {
                continue;
            }
            for (String v : h.getValue()) {
                b.header(name, v);
            }
        }
    }

    static SSLContext sslContextTrusting(Path pem) {
        try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(pem))) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new IllegalArgumentException("opensearch.ca-certificate " + pem + " holds no certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load opensearch.ca-certificate " + pem + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // The JDK client (Java 17) has no close(); its threads are daemons and end with the JVM.
    }
}
