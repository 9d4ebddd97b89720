package io.siemflink.pipeline.opensearch;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * How to reach OpenSearch: endpoint, authentication and TLS. Validated on construction so that a wrong setting
 * stops the job at start, naming the setting.
 *
 * @param auth                 {@code none}, {@code basic} or {@code sigv4}
 * @param caCertificate        a PEM file of CA certificates to trust instead of the JVM's (self-signed clusters)
 * @param allowInsecureHttp    permits plain HTTP to a host that is not loopback (credentials would travel in clear)
 * @param sigv4Service         {@code es} for Amazon OpenSearch Service domains, {@code aoss} for Serverless
 * @param password             for basic auth, when given as text (environment or file); else null
 * @param passwordSecret       for basic auth, where Secrets Manager holds the password (fetched by each client, so
 *                             the settings, which travel in the job graph, never hold it); else null
 */
public record OpenSearchSettings(URI url, String auth, String username, String password, String region,
                                 String sigv4Service, String caCertificate, boolean allowInsecureHttp,
                                 Duration requestTimeout, PasswordSecret passwordSecret) implements Serializable {
    /** Settings whose password, if any, is given as text. */
    public OpenSearchSettings(URI url, String auth, String username, String password, String region, String sigv4Service,
                              String caCertificate, boolean allowInsecureHttp, Duration requestTimeout) {
        this(url, auth, username, password, region, sigv4Service, caCertificate, allowInsecureHttp, requestTimeout, null);
    }

    public OpenSearchSettings {
        if (url == null) {
            throw new IllegalArgumentException("opensearch.url is required");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("opensearch.url must be http:// or https://, was " + url);
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("opensearch.url has no host: " + url);
        }
        auth = auth == null ? "none" : auth.toLowerCase(Locale.ROOT);
        switch (auth) {
            case "none" -> { }
            case "basic" -> {
                if (username == null || username.isEmpty() || password == null && passwordSecret == null) {
                    throw new IllegalArgumentException("opensearch.auth=basic needs opensearch.username and a password"
                            + " (OPENSEARCH_PASSWORD)");
                }
            }
            case "sigv4" -> {
                if (region == null || region.isEmpty()) {
                    throw new IllegalArgumentException("opensearch.auth=sigv4 needs a region (opensearch.region or AWS_REGION)");
                }
                if (!scheme.equals("https")) {
                    throw new IllegalArgumentException("opensearch.auth=sigv4 needs an https:// opensearch.url");
                }
            }
            default -> throw new IllegalArgumentException("opensearch.auth must be none, basic or sigv4, was " + auth);
        }
        if (scheme.equals("http") && !allowInsecureHttp && !isLoopback(url.getHost())) {
            throw new IllegalArgumentException("opensearch.url " + url + " is plain HTTP to a host that is not loopback;"
                    + " use https:// or set opensearch.allow-insecure-http=true");
        }
        sigv4Service = sigv4Service == null || sigv4Service.isEmpty() ? "es" : sigv4Service;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(60) : requestTimeout;
    }

    public static OpenSearchSettings local(URI url) {
        return new OpenSearchSettings(url, "none", null, null, null, null, null, false, null);
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "OpenSearchSettings[url=" + url + ", auth=" + auth + (username != null ? ", username=" + username : "")
                + (password != null ? ", password=***" : "") + (passwordSecret != null ? ", password=" + passwordSecret : "")
                + (region != null ? ", region=" + region : "")
                + (caCertificate != null ? ", caCertificate=" + caCertificate : "") + "]";
    }
}
