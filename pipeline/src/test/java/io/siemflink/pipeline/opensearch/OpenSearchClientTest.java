package io.siemflink.pipeline.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's TLS and authentication against a real HTTPS server on loopback with a self-signed certificate
 * (made by the JDK's keytool): verification is on unless a CA is given, basic auth and SigV4 headers are sent.
 */
class OpenSearchClientTest {
    @TempDir
    static Path tmp;
    static HttpsServer server;
    static Path caPem;
    static final Map<String, String> lastHeaders = new ConcurrentHashMap<>();

    @BeforeAll
    static void startServer() throws Exception {
        Path ks = tmp.resolve("server.p12");
        keytool("-genkeypair", "-alias", "srv", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit");
        caPem = tmp.resolve("ca.pem");
        keytool("-exportcert", "-rfc", "-alias", "srv", "-keystore", ks.toString(), "-storepass", "changeit", "-file", caPem.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(ks.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/", ex -> {
            lastHeaders.clear();
            ex.getRequestHeaders().forEach((k, v) -> lastHeaders.put(k.toLowerCase(), String.join(",", v)));
            ex.getRequestBody().readAllBytes();
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + out);
        }
    }

    private static URI url() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void tlsIsVerifiedUnlessTheCaIsTrusted() throws Exception {
        OpenSearchClient untrusting = new OpenSearchClient(OpenSearchSettings.local(url()));
        assertThatThrownBy(() -> untrusting.send("GET", "/", (byte[]) null)).isInstanceOf(SSLHandshakeException.class);

        OpenSearchClient trusting = new OpenSearchClient(new OpenSearchSettings(url(), "none", null, null, null, null,
                caPem.toString(), false, Duration.ofSeconds(10)));
        assertThat(trusting.send("GET", "/", (byte[]) null).status()).isEqualTo(200);
        assertThat(lastHeaders).doesNotContainKey("authorization");
    }

    @Test
    void basicAuthSendsTheCredentials() throws Exception {
        OpenSearchClient c = new OpenSearchClient(new OpenSearchSettings(url(), "basic", "siem", "s3cr3t-pass", null, null,
                caPem.toString(), false, null));
        assertThat(c.send("POST", "/_bulk", "{}\n").ok()).isTrue();
        assertThat(lastHeaders.get("authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("siem:s3cr3t-pass".getBytes(StandardCharsets.UTF_8)));
        assertThat(lastHeaders.get("content-type")).isEqualTo("application/x-ndjson");
    }

    @Test
    void sigv4SignsEachRequest() throws Exception {
        System.setProperty("aws.accessKeyId", "AKIDSIEMTEST");
        System.setProperty("aws.secretAccessKey", "secret-for-tests");
        try {
            OpenSearchClient c = new OpenSearchClient(new OpenSearchSettings(url(), "sigv4", null, null, "eu-west-1", "es",
                    caPem.toString(), false, null));
            assertThat(c.send("POST", "/_bulk", "{\"index\":{}}\n{}\n").ok()).isTrue();
            String auth = lastHeaders.get("authorization");
            assertThat(auth).startsWith("AWS4-HMAC-SHA256 Credential=AKIDSIEMTEST/").contains("/eu-west-1/es/aws4_request")
                    .contains("SignedHeaders=").contains("host").contains("Signature=");
            assertThat(lastHeaders.get("x-amz-date")).matches("\\d{8}T\\d{6}Z");
            assertThat(auth).doesNotContain("secret-for-tests");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void plainHttpToARemoteHostIsRefusedUnlessAllowed() {
        assertThatThrownBy(() -> OpenSearchSettings.local(URI.create("http://10.1.2.3:9200")))
                .hasMessageContaining("allow-insecure-http");
        assertThat(new OpenSearchSettings(URI.create("http://10.1.2.3:9200"), null, null, null, null, null, null, true, null).url())
                .isNotNull();
        assertThatThrownBy(() -> new OpenSearchSettings(URI.create("http://127.0.0.1:9200"), "sigv4", null, null, "eu-west-1",
                null, null, false, null)).hasMessageContaining("https");
    }
}
