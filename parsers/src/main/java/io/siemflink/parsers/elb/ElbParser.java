package io.siemflink.parsers.elb;

import static io.siemflink.parsers.elb.ElbFields.*;

import io.siemflink.parsers.AwsKey;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.IpAddresses;
import io.siemflink.parsers.LogParser;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.elb.ElbFields.Slot;
import io.siemflink.parsers.elb.ElbFormat.Column;
import io.siemflink.parsers.io.Lines;
import io.siemflink.parsers.event.DocIds;
import io.siemflink.parsers.event.Ecs;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Timestamp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Elastic Load Balancing logs: ALB access logs (http, https, h2, grpcs, ws, wss), ALB connection logs, NLB TLS
 * access logs and classic ELB access logs, told apart per line by their shape (see {@link #detect}). Fields
 * map to Elastic's {@code aws.elb_logs} data stream as laid out in {@link ElbFormat}; {@code docs/schema/elb.md}
 * lists them.
 *
 * <p>A line becomes an event, or a dead letter when it has no recognisable shape, is cut short, has an
 * unterminated quote, or has a value of the wrong type where the format fixes one (a non-numeric status, an
 * invalid IP). A malformed request line is not such a value: it is the client's doing and is read as far as
 * it goes.
 */
public final class ElbParser implements LogParser {
    static final String DATASET = "aws.elb_logs";
    private static final int ALB_MAX_FIELDS = ElbFormat.ALB.columns.length;
    private static final int NLB_MAX_FIELDS = ElbFormat.NLB.columns.length;

    private final ParserOptions options;

    public ElbParser(ParserOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public LogType type() {
        return LogType.ELB;
    }

    @Override
    public void parse(InputStream in, SourceRef source, ParseSink sink) throws IOException {
        Work w = new Work(source);
        Lines.forEach(in, LogType.ELB, source, sink, options.maxRecordBytes(), (text, raw, off, len, lineNo, offset) -> {
            Event e;
            try {
                e = w.parse(text);
            } catch (BadLine b) {
                sink.deadLetter(DeadLetter.of(LogType.ELB, b.getMessage(), raw, off, len, source, lineNo, offset));
                return;
            }
            e.id(DocIds.of(LogType.ELB, raw, off, len)).original(text).position(lineNo - 1);
            sink.event(e);
        });
    }

    /** One record on its own; a dead letter's {@code line} is {@code position + 1}. */
    @Override
    public void parseRecord(String record, SourceRef source, long position, ParseSink sink) {
        String text = record == null ? "" : stripLineEnd(record);
        if (text.isBlank()) {
            sink.skipped(new Skip(LogType.ELB, "blank_line", source, position + 1));
            return;
        }
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        if (raw.length > options.maxRecordBytes()) {
            sink.deadLetter(new DeadLetter(LogType.ELB, "too_long: record of " + raw.length + " bytes exceeds the limit of "
                    + options.maxRecordBytes(), Arrays.copyOf(raw, Math.min(raw.length, DeadLetter.MAX_ORIGINAL_BYTES)),
                    raw.length, source, position + 1, -1));
            return;
        }
        Event e;
        try {
            e = new Work(source).parse(text);
        } catch (BadLine b) {
            sink.deadLetter(DeadLetter.of(LogType.ELB, b.getMessage(), raw, 0, raw.length, source, position + 1, -1));
            return;
        } catch (RuntimeException ex) {
            sink.deadLetter(DeadLetter.of(LogType.ELB, "parser_error: " + ex, raw, 0, raw.length, source, position + 1, -1));
            return;
        }
        e.id(DocIds.of(LogType.ELB, raw, 0, raw.length)).original(text).position(position);
        sink.event(e);
    }

    private static String stripLineEnd(String s) {
        int n = s.length();
        while (n > 0 && (s.charAt(n - 1) == '\n' || s.charAt(n - 1) == '\r')) {
            n--;
        }
        return n == s.length() ? s : s.substring(0, n);
    }

    /**
     * Which format a line is, from its first fields: {@code tls <version>} is NLB; a word then an ISO time is
     * ALB (any word, so a future request type still parses); a leading time is either a connection log (third
     * field a bare port number) or classic ELB (third field {@code ip:port}; TCP/SSL listeners log {@code -}
     * as status).
     */
    static ElbFormat detect(ElbTokens t) {
        int n = t.count();
        if (n < 3) {
            return null;
        }
        char c = t.charAt(0, 0);
        if (c >= '0' && c <= '9') {
            if (!looksLikeTime(t, 0)) {
                return null;
            }
            if (isDigits(t, 2)) {
                return ElbFormat.CONNECTION;
            }
            return n > 7 && t.absent(7) ? ElbFormat.CLASSIC_TCP : ElbFormat.CLASSIC_HTTP;
        }
        if (c >= 'a' && c <= 'z' && t.length(0) <= 16 && looksLikeTime(t, 1)) {
            return ElbFormat.ALB;
        }
        return null;
    }

    private static boolean looksLikeTime(ElbTokens t, int i) {
        return t.length(i) >= 19 && t.charAt(i, 4) == '-' && t.charAt(i, 10) == 'T';
    }

    private static boolean isDigits(ElbTokens t, int i) {
        int len = t.length(i);
        if (len == 0 || len > 5) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            char c = t.charAt(i, k);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A line that cannot become an event; the message is the dead letter's reason. No stack trace: it is data. */
    static final class BadLine extends RuntimeException {
        BadLine(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Per-input state: the tokenizer and the slot values of the line being built (one thread). */
    private final class Work {
        private final ElbTokens t = new ElbTokens();
        private Object[] values;
        private final String keyAccount;
        private final String keyRegion;
        private int set;
        private String arnAccount;
        private String arnRegion;

        Work(SourceRef source) {
            AwsKey key = source == null ? AwsKey.parse(null) : source.awsKey();
            keyAccount = key.account();
            keyRegion = key.region();
        }

        Event parse(String line) {
            // A fresh slot table per line, not one reused for the whole input: a long-lived array ends up in the
            // old generation, where every store of a new value pays G1's card-marking barrier (a fence).
            values = new Object[ElbFields.COUNT];
            set = 0;
            arnAccount = null;
            arnRegion = null;
            boolean nlb = line.startsWith("tls ");
            String err = t.split(line, nlb, nlb ? NLB_MAX_FIELDS : ALB_MAX_FIELDS);
            if (err != null) {
                throw new BadLine(err);
            }
            ElbFormat f = nlb ? ElbFormat.NLB : detect(t);
            if (f == null) {
                throw new BadLine("unrecognised_format: not an ALB, NLB, classic ELB or ALB connection log line");
            }
            if (t.count() < f.minFields) {
                throw new BadLine("too_few_fields: " + f.label + " line has " + t.count() + " fields, at least "
                        + f.minFields + " expected");
            }
            put(ECS_VERSION, Ecs.ECS_VERSION_VALUE);
            put(EVENT_KIND, "event");
            put(EVENT_CATEGORY, f.categories);
            put(EVENT_DATASET, DATASET);
            put(EVENT_MODULE, "aws");
            put(CLOUD_PROVIDER, "aws");
            put(ELB_PROTOCOL, f.protocol);
            if (options.keepOriginal()) {
                put(EVENT_ORIGINAL, line);
            }
            Column[] cols = f.columns;
            int n = Math.min(t.count(), cols.length);
            for (int i = 0; i < n; i++) {
                convert(cols[i], i);
            }
            String account = arnAccount != null ? arnAccount : keyAccount;
            String region = arnRegion != null ? arnRegion : keyRegion;
            if (account != null) {
                put(CLOUD_ACCOUNT, account);
            }
            if (region != null) {
                put(CLOUD_REGION, region);
            }
            Event e = new Event(LogType.ELB, set + 1 + Event.ENRICHMENT_HEADROOM);
            Object[] v = values;
            for (int i = 0; i < v.length; i++) {
                if (v[i] != null) {
                    e.add(ElbFields.ORDER[i], v[i]); // one slot per field: no duplicate to look for
                }
            }
            set = 0;
            return e;
        }

        private void put(Slot s, Object value) {
            values[s.index] = value;
            set++;
        }

        private BadLine invalid(Column c, int i, String what) {
            String text = t.text(i);
            if (text.length() > 64) {
                text = text.substring(0, 64) + "...";
            }
            return new BadLine("invalid_field: " + c.name() + " '" + text + "' is not " + what);
        }

        private void convert(Column c, int i) {
            ElbTokens t = this.t;
            if (c.conv() == ElbFormat.Conv.TIME) {
                Timestamp ts = ElbValues.parseTime(t.line(), t.start(i), t.end(i));
                if (ts == null) {
                    throw invalid(c, i, "a timestamp");
                }
                put(TIMESTAMP, ts);
                put(EVENT_END, ts);
                return;
            }
            if (t.absent(i)) {
                return;
            }
            Slot target = c.target();
            switch (c.conv()) {
                case NONE:
                    return;
                case KEYWORD:
                    put(target, t.text(i));
                    return;
                case LONG:
                    put(target, longValue(c, i));
                    return;
                case SECONDS: {
                    double d = ElbValues.parseDecimal(t.line(), t.start(i), t.end(i));
                    if (Double.isNaN(d)) {
                        throw invalid(c, i, "a number");
                    }
                    if (d != -1) {
                        put(target, d);
                    }
                    return;
                }
                case DATE: {
                    Timestamp ts = ElbValues.parseTime(t.line(), t.start(i), t.end(i));
                    if (ts == null) {
                        throw invalid(c, i, "a timestamp");
                    }
                    put(target, ts);
                    return;
                }
                case IP:
                    if (!IpAddresses.isIp(t.line(), t.start(i), t.end(i))) {
                        throw invalid(c, i, "an IP address");
                    }
                    put(target, t.text(i));
                    return;
                case SOURCE:
                    hostPort(c, i, SOURCE_IP, SOURCE_PORT, true);
                    return;
                case BACKEND:
                    hostPort(c, i, ELB_BACKEND_IP, ELB_BACKEND_PORT, false);
                    return;
                case STATUS: {
                    long status = longValue(c, i);
                    put(target, status);
                    put(EVENT_OUTCOME, status < 400 ? "success" : "failure");
                    return;
                }
                case REQUEST:
                    request(t.text(i));
                    return;
                case TLS_CIPHER: {
                    String cipher = t.text(i);
                    put(target, cipher);
                    put(TLS_CIPHER, cipher);
                    return;
                }
                case TLS_PROTOCOL:
                    tlsProtocol(t.text(i), target);
                    return;
                case ARN:
                    arn(t.text(i), target);
                    return;
                case TRACE_ID: {
                    String id = t.text(i);
                    put(target, id);
                    put(TRACE_ID, id);
                    return;
                }
                case LIST_COMMA:
                    list(t.text(i), ',', target);
                    return;
                case LIST_SPACE:
                    list(t.text(i), ' ', target);
                    return;
                case ALPN_LIST:
                    alpn(t.text(i), target);
                    return;
                case CERT_VALIDITY:
                    certValidity(c, i);
                    return;
                case VERIFY_STATUS:
                    verifyStatus(t.text(i), target);
                    return;
                default:
                    throw new IllegalStateException("unhandled converter " + c.conv());
            }
        }

        private Long longValue(Column c, int i) {
            long v = ElbValues.parseLong(t.line(), t.start(i), t.end(i));
            if (v == ElbValues.BAD) {
                throw invalid(c, i, "a whole number");
            }
            return v;
        }

        /** {@code ip:port}; IPv6 clients are written without brackets, so the port is after the last colon. */
        private void hostPort(Column c, int i, Slot ipSlot, Slot portSlot, boolean withAddress) {
            String s = t.line();
            int from = t.start(i);
            int to = t.end(i);
            int colon = ElbValues.lastIndexOf(s, ':', from, to);
            if (colon < 0) {
                throw invalid(c, i, "ip:port");
            }
            long port = ElbValues.parseLong(s, colon + 1, to);
            int ipFrom = from;
            int ipTo = colon;
            if (ipTo - ipFrom > 2 && s.charAt(ipFrom) == '[' && s.charAt(ipTo - 1) == ']') {
                ipFrom++;
                ipTo--;
            }
            if (port < 0 || port > 65535 || !IpAddresses.isIp(s, ipFrom, ipTo)) {
                throw invalid(c, i, "ip:port");
            }
            String ip = s.substring(ipFrom, ipTo);
            if (withAddress) {
                put(SOURCE_ADDRESS, ip);
            }
            put(ipSlot, ip);
            put(portSlot, port);
        }

        /**
         * {@code METHOD URL PROTOCOL}, read as far as it goes: the method is up to the first space, the protocol
         * after the last space when it is {@code HTTP/...} or {@code -}, the URL is what lies between (it may
         * itself hold spaces). {@code "- http://host:80- -"} gives just a URL.
         */
        private void request(String r) {
            int n = r.length();
            int sp = r.indexOf(' ');
            String method = sp < 0 ? r : r.substring(0, sp);
            if (!method.isEmpty() && !method.equals("-")) {
                put(HTTP_METHOD, method);
            }
            if (sp < 0) {
                return;
            }
            int from = sp + 1;
            int to = n;
            while (to > from && r.charAt(to - 1) == ' ') {
                to--;
            }
            int last = ElbValues.lastIndexOf(r, ' ', from, to);
            if (last >= 0) {
                int p = last + 1;
                if (r.startsWith("HTTP/", p)) {
                    if (to - p > 5) {
                        put(HTTP_VERSION, httpVersion(r, p + 5, to));
                    }
                    to = last;
                } else if (to - p == 1 && r.charAt(p) == '-') {
                    to = last;
                }
                while (to > from && r.charAt(to - 1) == ' ') {
                    to--;
                }
            }
            if (to > from && !(to - from == 1 && r.charAt(from) == '-')) {
                url(r, from, to);
            }
        }

        private String httpVersion(String r, int from, int to) {
            if (to - from == 3) {
                if (r.startsWith("1.1", from)) {
                    return "1.1";
                }
                if (r.startsWith("2.0", from)) {
                    return "2.0";
                }
                if (r.startsWith("1.0", from)) {
                    return "1.0";
                }
            }
            return r.substring(from, to);
        }

        /** url.original and its parts; a part that does not parse (a port of {@code 80-}) is left out. */
        private void url(String r, int from, int to) {
            put(URL_ORIGINAL, from == 0 && to == r.length() ? r : r.substring(from, to));
            int pathFrom = from;
            int colon = ElbValues.indexOf(r, ':', from, to);
            if (colon > from && colon + 2 < to && r.charAt(colon + 1) == '/' && r.charAt(colon + 2) == '/'
                    && isScheme(r, from, colon)) {
                put(URL_SCHEME, scheme(r, from, colon));
                int authFrom = colon + 3;
                int authTo = authFrom;
                while (authTo < to) {
                    char ch = r.charAt(authTo);
                    if (ch == '/' || ch == '?' || ch == '#') {
                        break;
                    }
                    authTo++;
                }
                int at = ElbValues.lastIndexOf(r, '@', authFrom, authTo);
                int hostFrom = authFrom;
                if (at >= 0) {
                    int userTo = ElbValues.indexOf(r, ':', authFrom, at);
                    if (userTo < 0) {
                        userTo = at;
                    }
                    if (userTo > authFrom) {
                        put(URL_USERNAME, r.substring(authFrom, userTo));
                    }
                    hostFrom = at + 1;
                }
                int hostTo = authTo;
                int portFrom = -1;
                if (hostFrom < authTo && r.charAt(hostFrom) == '[') {
                    int close = ElbValues.indexOf(r, ']', hostFrom, authTo);
                    if (close > 0) {
                        hostTo = close + 1;
                        if (hostTo < authTo && r.charAt(hostTo) == ':') {
                            portFrom = hostTo + 1;
                        }
                    }
                } else {
                    int pc = ElbValues.lastIndexOf(r, ':', hostFrom, authTo);
                    if (pc >= 0) {
                        hostTo = pc;
                        portFrom = pc + 1;
                    }
                }
                if (hostTo > hostFrom) {
                    put(URL_DOMAIN, r.substring(hostFrom, hostTo));
                }
                if (portFrom >= 0) {
                    long port = ElbValues.parseLong(r, portFrom, authTo);
                    if (port >= 0 && port <= 65535) {
                        put(URL_PORT, port);
                    }
                }
                pathFrom = authTo;
            }
            int q = ElbValues.indexOf(r, '?', pathFrom, to);
            int pathTo = q < 0 ? to : q;
            if (pathTo > pathFrom) {
                put(URL_PATH, r.substring(pathFrom, pathTo));
                int slash = ElbValues.lastIndexOf(r, '/', pathFrom, pathTo);
                int dot = ElbValues.lastIndexOf(r, '.', slash < 0 ? pathFrom : slash + 1, pathTo);
                if (dot > slash + 1 && isExtension(r, dot + 1, pathTo)) {
                    put(URL_EXTENSION, r.substring(dot + 1, pathTo));
                }
            }
            if (q >= 0 && q + 1 < to) {
                put(URL_QUERY, r.substring(q + 1, to));
            }
        }

        /** 1 to 10 letters or digits: {@code /..%2fetc%2fpasswd} has no extension. */
        private boolean isExtension(String r, int from, int to) {
            if (to - from < 1 || to - from > 10) {
                return false;
            }
            for (int i = from; i < to; i++) {
                char c = r.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                    return false;
                }
            }
            return true;
        }

        private boolean isScheme(String r, int from, int to) {
            for (int i = from; i < to; i++) {
                char c = r.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+'
                        || c == '-' || c == '.')) {
                    return false;
                }
            }
            return true;
        }

        private String scheme(String r, int from, int to) {
            int len = to - from;
            if (len == 4 && r.startsWith("http", from)) {
                return "http";
            }
            if (len == 5 && r.startsWith("https", from)) {
                return "https";
            }
            return r.substring(from, to);
        }

        /**
         * {@code TLSv1.2}, {@code tlsv12}, {@code TLSv1}, {@code SSLv3} to ECS {@code tls.version_protocol}
         * ({@code tls}/{@code ssl}) and {@code tls.version} ({@code 1.2}, {@code 1.0}, {@code 3.0}).
         */
        private void tlsProtocol(String p, Slot target) {
            put(target, p);
            int v = p.indexOf('v');
            if (v < 0) {
                v = p.indexOf('V');
            }
            if (v != 3 || v + 1 >= p.length()) {
                return;
            }
            String proto;
            if (p.regionMatches(true, 0, "tls", 0, 3)) {
                proto = "tls";
            } else if (p.regionMatches(true, 0, "ssl", 0, 3)) {
                proto = "ssl";
            } else {
                return;
            }
            String version = tlsVersion(p, v + 1);
            if (version != null) {
                put(TLS_VERSION_PROTOCOL, proto);
                put(TLS_VERSION, version);
            }
        }

        private String tlsVersion(String p, int from) {
            int len = p.length() - from;
            for (int i = from; i < p.length(); i++) {
                char c = p.charAt(i);
                if (!((c >= '0' && c <= '9') || c == '.')) {
                    return null;
                }
            }
            if (p.indexOf('.', from) >= 0) {
                return p.substring(from);
            }
            if (len == 1) {
                return p.charAt(from) + ".0";
            }
            return p.charAt(from) + "." + p.substring(from + 1);
        }

        /** {@code arn:<partition>:elasticloadbalancing:<region>:<account>:...}: region and account. */
        private void arn(String arn, Slot target) {
            put(target, arn);
            if (!arn.startsWith("arn:")) {
                return;
            }
            int p1 = arn.indexOf(':', 4);
            int p2 = p1 < 0 ? -1 : arn.indexOf(':', p1 + 1);
            int p3 = p2 < 0 ? -1 : arn.indexOf(':', p2 + 1);
            int p4 = p3 < 0 ? -1 : arn.indexOf(':', p3 + 1);
            if (p4 < 0 || p4 - p3 != 13 || p3 - p2 < 2) {
                return;
            }
            for (int i = p3 + 1; i < p4; i++) {
                char c = arn.charAt(i);
                if (c < '0' || c > '9') {
                    return;
                }
            }
            arnRegion = arn.substring(p2 + 1, p3);
            arnAccount = arn.substring(p3 + 1, p4);
        }

        private void list(String s, char sep, Slot target) {
            List<String> out = new ArrayList<>(2);
            int n = s.length();
            int from = 0;
            while (from <= n) {
                int to = s.indexOf(sep, from);
                if (to < 0) {
                    to = n;
                }
                if (to > from && !(to - from == 1 && s.charAt(from) == '-')) {
                    out.add(from == 0 && to == n ? s : s.substring(from, to));
                }
                from = to + 1;
            }
            if (!out.isEmpty()) {
                put(target, out);
            }
        }

        /** {@code "h2","http/1.1"}: the items without their quotes (and without stray escaping backslashes). */
        private void alpn(String s, Slot target) {
            List<String> out = new ArrayList<>(2);
            int n = s.length();
            int from = 0;
            while (from <= n) {
                int to = s.indexOf(',', from);
                if (to < 0) {
                    to = n;
                }
                int a = from;
                int b = to;
                while (a < b && (s.charAt(a) == '"' || s.charAt(a) == '\\')) {
                    a++;
                }
                while (b > a && (s.charAt(b - 1) == '"' || s.charAt(b - 1) == '\\')) {
                    b--;
                }
                if (b > a && !(b - a == 1 && s.charAt(a) == '-')) {
                    out.add(s.substring(a, b));
                }
                from = to + 1;
            }
            if (!out.isEmpty()) {
                put(target, out);
            }
        }

        /** {@code NotBefore=2023-09-21T22:43:21Z;NotAfter=2026-06-17T22:43:21Z}. */
        private void certValidity(Column c, int i) {
            String s = t.line();
            int from = t.start(i);
            int to = t.end(i);
            Timestamp notBefore = validityDate(s, from, to, "NotBefore=");
            Timestamp notAfter = validityDate(s, from, to, "NotAfter=");
            if (notBefore == null && notAfter == null) {
                throw invalid(c, i, "NotBefore=...;NotAfter=...");
            }
            if (notBefore != null) {
                put(ELB_LEAF_CERT_NOT_BEFORE, notBefore);
            }
            if (notAfter != null) {
                put(ELB_LEAF_CERT_NOT_AFTER, notAfter);
            }
        }

        private Timestamp validityDate(String s, int from, int to, String key) {
            int k = s.indexOf(key, from);
            if (k < 0 || k >= to) {
                return null;
            }
            int vFrom = k + key.length();
            int vTo = ElbValues.indexOf(s, ';', vFrom, to);
            return ElbValues.parseTime(s, vFrom, vTo < 0 ? to : vTo);
        }

        /** {@code Success} or {@code Failed:ClientCertUntrusted}. */
        private void verifyStatus(String s, Slot target) {
            int colon = s.indexOf(':');
            String status = colon < 0 ? s : s.substring(0, colon);
            put(target, status);
            if (colon >= 0 && colon + 1 < s.length()) {
                put(ELB_TLS_ERROR_CODE, s.substring(colon + 1));
            }
            if (status.equals("Success")) {
                put(EVENT_OUTCOME, "success");
            } else if (status.equals("Failed")) {
                put(EVENT_OUTCOME, "failure");
            }
        }
    }
}
