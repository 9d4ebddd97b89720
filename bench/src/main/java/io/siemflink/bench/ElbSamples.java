package io.siemflink.bench;

import io.siemflink.parsers.LogType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * ALB access log lines as a busy load balancer writes them today (33 fields): mostly https and h2 with TLS, some
 * http, grpcs and WebSocket traffic; GET-heavy methods; paths with ids and query strings; browser, mobile, bot
 * and SDK user agents; 2xx/3xx with 4xx/5xx errors, -1 timings for 460/502/504, Lambda targets, WAF blocks,
 * retried requests with two targets, and a few malformed request lines from scanners. Deterministic per seed.
 */
public final class ElbSamples implements SampleGenerator {
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "eu-west-1";
    private static final String LB = "app/shop-prod-alb/4f1b2c3d4e5f6a7b";
    private static final String CERT = "arn:aws:acm:" + REGION + ":" + ACCOUNT
            + ":certificate/3f2e1d0c-9b8a-4765-8432-10fedcba9876";
    private static final String[] TARGET_GROUPS = {"shop-web/0a1b2c3d4e5f6071", "api-orders/9f8e7d6c5b4a3921",
        "search/5d4c3b2a19087f6e", "static-assets/3c2b1a0f9e8d7c6b"};
    private static final String[] HOSTS = {"shop.example.com", "api.example.com", "www.example.com",
        "cdn.example.com"};
    private static final String[] PATHS = {"/", "/products", "/products/%d", "/cart", "/checkout",
        "/api/v2/orders/%d", "/api/v2/orders", "/api/v1/search", "/static/app.%x.js", "/static/styles.%x.css",
        "/images/p/%d.jpg", "/account/login", "/health", "/favicon.ico", "/robots.txt"};
    private static final String[] QUERIES = {"", "", "", "?page=%d", "?q=red+shoes&sort=price_asc",
        "?utm_source=newsletter&utm_medium=email&utm_campaign=spring", "?id=%d&lang=en", "?session=%x"};
    private static final String[] USER_AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "okhttp/4.12.0", "python-requests/2.32.3", "curl/8.5.0", "aws-sdk-java/2.25.60 Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.11",
        "ELB-HealthChecker/2.0"};
    private static final String[][] TLS = {{"TLS_AES_128_GCM_SHA256", "TLSv1.3"}, {"TLS_AES_256_GCM_SHA384", "TLSv1.3"},
        {"ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2"}, {"ECDHE-RSA-AES256-GCM-SHA384", "TLSv1.2"}};

    @Override
    public LogType type() {
        return LogType.ELB;
    }

    @Override
    public void write(OutputStream out, int records, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        long micros = 1_748_772_000_000_000L; // 2025-06-01T10:00:00Z
        StringBuilder sb = new StringBuilder(1024);
        for (int i = 0; i < records; i++) {
            micros += 1 + r.nextInt(20_000);
            sb.setLength(0);
            line(sb, r, micros);
            sb.append('\n');
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void line(StringBuilder sb, SplittableRandom r, long micros) {
        int p = r.nextInt(100);
        String type = p < 55 ? "https" : p < 75 ? "h2" : p < 87 ? "http" : p < 95 ? "grpcs" : p < 98 ? "wss" : "ws";
        boolean tls = !type.equals("http") && !type.equals("ws");
        String scheme = tls ? "https" : "http";
        int port = tls ? 443 : 80;
        int s = r.nextInt(1000);
        int status = s < 700 ? 200 : s < 740 ? 201 : s < 760 ? 204 : s < 790 ? 301 : s < 820 ? 302 : s < 880 ? 304
                : s < 900 ? 400 : s < 915 ? 401 : s < 930 ? 403 : s < 970 ? 404 : s < 975 ? 460 : s < 982 ? 500
                : s < 990 ? 502 : s < 995 ? 503 : 504;
        if (type.endsWith("ws")) {
            status = 101;
        }
        boolean malformed = r.nextInt(400) == 0;
        boolean waf = !malformed && status == 403;
        boolean lambda = !malformed && r.nextInt(25) == 0;
        boolean redirect = status == 301 || status == 302;
        boolean noTarget = malformed || waf || redirect || lambda || status == 503;
        boolean retried = !noTarget && (status == 502 || status == 504) && r.nextBoolean();

        sb.append(type).append(' ');
        timestamp(sb, micros).append(' ').append(LB).append(' ');
        if (r.nextInt(10) == 0) {
            sb.append("2001:db8:").append(Integer.toHexString(r.nextInt(0x10000))).append("::").append(Integer.toHexString(1 + r.nextInt(0xfffe)));
        } else {
            sb.append(1 + r.nextInt(223)).append('.').append(r.nextInt(256)).append('.').append(r.nextInt(256)).append('.').append(1 + r.nextInt(254));
        }
        sb.append(':').append(1024 + r.nextInt(64000)).append(' ');
        String target = "10.0." + (10 + r.nextInt(8)) + "." + (2 + r.nextInt(250)) + ":" + (type.equals("grpcs") ? 50051 : 8080);
        sb.append(noTarget ? "-" : target).append(' ');
        // request / target / response processing times
        boolean timedOut = status == 460 || status == 502 || status == 504;
        if (malformed || waf) {
            sb.append("-1 -1 -1 ");
        } else {
            sb.append(secs(r, 2)).append(' ');
            sb.append(timedOut && status != 502 ? "-1" : noTarget && !lambda ? "0.000" : secs(r, 400)).append(' ');
            sb.append(timedOut ? "-1" : secs(r, 2)).append(' ');
        }
        sb.append(status).append(' ');
        sb.append(noTarget && !lambda || timedOut ? "-" : String.valueOf(status)).append(' ');
        sb.append(60 + r.nextInt(3000)).append(' ').append(status == 460 ? 0 : 150 + r.nextInt(60_000)).append(' ');
        String host = HOSTS[r.nextInt(HOSTS.length)];
        String method = "GET";
        if (malformed) {
            sb.append("\"- ").append(scheme).append("://").append(host).append(':').append(port).append("- -\" \"-\" ");
        } else {
            int m = r.nextInt(100);
            method = type.equals("grpcs") ? "POST" : m < 72 ? "GET" : m < 88 ? "POST" : m < 93 ? "PUT" : m < 96
                    ? "DELETE" : m < 98 ? "HEAD" : "OPTIONS";
            String path = type.equals("grpcs") ? "/inventory.v1.InventoryService/GetStock"
                    : String.format(PATHS[r.nextInt(PATHS.length)], r.nextInt(100_000));
            String query = type.equals("grpcs") ? "" : String.format(QUERIES[r.nextInt(QUERIES.length)], r.nextInt(50));
            sb.append('"').append(method).append(' ').append(scheme).append("://").append(host).append(':').append(port)
                    .append(path).append(query).append(' ').append(type.equals("h2") || type.equals("grpcs") ? "HTTP/2.0" : "HTTP/1.1")
                    .append("\" \"").append(type.equals("grpcs") ? "grpc-java-netty/1.64.0" : USER_AGENTS[r.nextInt(USER_AGENTS.length)])
                    .append("\" ");
        }
        String[] cipher = TLS[r.nextInt(TLS.length)];
        sb.append(tls && !malformed ? cipher[0] + " " + cipher[1] : "- -").append(' ');
        String tg = lambda ? "quotes-lambda/6e5d4c3b2a190817" : TARGET_GROUPS[r.nextInt(TARGET_GROUPS.length)];
        sb.append(malformed || waf || redirect ? "-" : "arn:aws:elasticloadbalancing:" + REGION + ":" + ACCOUNT + ":targetgroup/" + tg).append(' ');
        sb.append(malformed ? "\"-\"" : "\"Root=1-" + Long.toHexString(micros / 1_000_000) + "-" + hex(r, 24) + "\"").append(' ');
        sb.append(malformed ? "\"-\"" : "\"" + host + "\"").append(' ');
        sb.append(tls && !malformed ? "\"" + CERT + "\"" : "\"-\"").append(' ');
        sb.append(malformed ? "-" : waf ? "0" : String.valueOf(1 + r.nextInt(40))).append(' ');
        timestamp(sb, micros - r.nextInt(500_000)).append(' ');
        String action = malformed ? "-" : waf ? "waf" : redirect ? "redirect" : status == 503 ? "fixed-response"
                : r.nextInt(5) == 0 ? "waf,forward" : "forward";
        sb.append('"').append(action).append("\" ");
        sb.append(redirect ? "\"https://" + host + ":443/\"" : "\"-\"").append(' ');
        sb.append(lambda && status >= 500 ? "\"LambdaInvalidResponse\"" : "\"-\"").append(' ');
        if (noTarget) {
            sb.append("\"-\" \"-\" ");
        } else if (retried) {
            sb.append('"').append(target).append(' ').append(target.replace(":8080", ":8081")).append("\" \"- -\" ");
        } else {
            sb.append('"').append(target).append("\" \"").append(timedOut ? "-" : String.valueOf(status)).append("\" ");
        }
        sb.append(status == 400 && r.nextBoolean() ? "\"Acceptable\" \"SpaceInUri\" " : "\"-\" \"-\" ");
        sb.append("TID_").append(hex(r, 32)).append(" \"-\" \"-\" \"-\"");
    }

    private static String secs(SplittableRandom r, int maxMillis) {
        int us = r.nextInt(maxMillis * 1000 + 1);
        StringBuilder b = new StringBuilder(8).append(us / 1_000_000).append('.');
        int frac = us / 1000 % 1000;
        if (frac < 100) {
            b.append('0');
        }
        if (frac < 10) {
            b.append('0');
        }
        return b.append(frac).toString();
    }

    private static String hex(SplittableRandom r, int len) {
        StringBuilder b = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            b.append(Character.forDigit(r.nextInt(16), 16));
        }
        return b.toString();
    }

    /** {@code YYYY-MM-DDTHH:MM:SS.ffffffZ} from epoch microseconds (setup code: java.time is fine here). */
    private static StringBuilder timestamp(StringBuilder sb, long micros) {
        java.time.Instant t = java.time.Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
        String iso = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(t);
        return sb.append(iso);
    }
}
