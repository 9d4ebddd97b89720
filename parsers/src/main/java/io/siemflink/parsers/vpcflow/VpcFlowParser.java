package io.siemflink.parsers.vpcflow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.siemflink.parsers.AwsKey;
import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.IpAddresses;
import io.siemflink.parsers.LogParser;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParseSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.Skip;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.DocIds;
import io.siemflink.parsers.event.Ecs;
import io.siemflink.parsers.event.Event;
import io.siemflink.parsers.event.Timestamp;
import io.siemflink.parsers.io.Lines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * VPC Flow Logs and Transit Gateway flow logs (space-separated text lines) into ECS events.
 *
 * <p>The format of a line comes from, in this order: the header line of the file being parsed (S3 delivery
 * writes one; a header met later in the input switches the format, as when objects are concatenated), the
 * configured {@link ParserOptions#vpcFormat()}, or the standard format that has the line's field count.
 * Records wrapped as {@code {"message":"..."}} are unwrapped. A {@code -} value means absent.
 */
public final class VpcFlowParser implements LogParser {
    private static final LogType TYPE = LogType.VPCFLOW;
    private static final int MAX_TOKENS = 128;

    private static final String DATASET = "aws.vpcflow";
    private static final List<String> CATEGORY = List.of("network");
    private static final List<String> TYPE_CONNECTION = List.of("connection");
    private static final List<String> TYPE_ALLOWED = List.of("connection", "allowed");
    private static final List<String> TYPE_DENIED = List.of("connection", "denied");
    private static final String ACCEPT = "ACCEPT";
    private static final String REJECT = "REJECT";

    /** "0".."255": protocol numbers, TCP flags and versions without a substring per line. */
    private static final String[] NUMBERS = new String[256];

    static {
        for (int i = 0; i < NUMBERS.length; i++) {
            NUMBERS[i] = Integer.toString(i);
        }
    }

    // {"message": ...} wrappers are single lines, already bounded by the line cap.
    private static final JsonFactory JSON = io.siemflink.parsers.io.JsonLimits.factory(Integer.MAX_VALUE, -1);

    private final ParserOptions options;
    private final VpcFormat configured;

    /**
     * @throws IllegalArgumentException when {@code options.vpcFormat()} is not a valid format
     */
    public VpcFlowParser(ParserOptions options) {
        this.options = options;
        this.configured = options.vpcFormat() == null ? null : VpcFormat.parse(options.vpcFormat(), "configured vpc format");
    }

    @Override
    public LogType type() {
        return TYPE;
    }

    @Override
    public void parse(InputStream in, SourceRef source, ParseSink sink) throws IOException {
        Call c = new Call(source, sink);
        Lines.forEach(in, TYPE, source, sink, options.maxRecordBytes(),
                (text, raw, off, len, lineNo, offset) -> handle(c, text, raw, off, len, lineNo, offset, lineNo - 1));
    }

    @Override
    public void parseRecord(String record, SourceRef source, long position, ParseSink sink) {
        Call c = new Call(source, sink);
        String text = record == null ? "" : stripLineEnd(record);
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        long line = position + 1;
        if (raw.length > options.maxRecordBytes()) {
            sink.deadLetter(DeadLetter.of(TYPE, "too_long: record of " + raw.length + " bytes exceeds the limit of "
                    + options.maxRecordBytes(), raw, 0, raw.length, source, line, -1));
            return;
        }
        if (text.isBlank()) {
            sink.skipped(new Skip(TYPE, "blank_record", source, line));
            return;
        }
        try {
            handle(c, text, raw, 0, raw.length, line, -1, position);
        } catch (RuntimeException e) {
            sink.deadLetter(DeadLetter.of(TYPE, "parser_error: " + e, raw, 0, raw.length, source, line, -1));
        }
    }

    /** State of one parse call: the header in force and reused scratch arrays. */
    private static final class Call {
        final SourceRef source;
        final ParseSink sink;
        final String keyAccount;
        final String keyRegion;
        VpcFormat header;
        String headerProblem;
        final int[] starts = new int[MAX_TOKENS];
        final int[] ends = new int[MAX_TOKENS];
        Object[] vals;
        String srcIp;
        String dstIp;
        String error;
        /**
         * Recent start/end times by epoch second (direct-mapped; 1024 consecutive seconds never collide). The
         * records of one file share a few aggregation windows, so most times repeat: reusing the instance
         * saves the object and, since it is formatted when cached, the ISO text on every later use.
         */
        private final Timestamp[] times = new Timestamp[1024];

        Timestamp timestamp(long epochSecond) {
            int slot = (int) epochSecond & (times.length - 1);
            Timestamp t = times[slot];
            if (t == null || t.epochSecond() != epochSecond) {
                t = Timestamp.ofEpochSecond(epochSecond);
                t.toString(); // formats and keeps the text
                times[slot] = t;
            }
            return t;
        }

        Call(SourceRef source, ParseSink sink) {
            this.source = source;
            this.sink = sink;
            AwsKey k = source == null ? AwsKey.parse(null) : source.awsKey();
            this.keyAccount = k.account();
            this.keyRegion = k.region();
        }
    }

    private void handle(Call c, String text, byte[] raw, int off, int len, long line, long offset, long position) {
        String body = text;
        if (body.charAt(0) == '{') {
            body = unwrap(c, body);
            if (body == null) {
                dead(c, c.error, raw, off, len, line, offset);
                return;
            }
        }
        int n = tokenise(c, body);
        if (n == 0) {
            c.sink.skipped(new Skip(TYPE, "blank_message", c.source, line));
            return;
        }
        if (looksLikeHeader(c, body, n)) {
            List<String> names = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                names.add(body.substring(c.starts[i], c.ends[i]));
            }
            try {
                c.header = VpcFormat.ofHeader(names);
                c.headerProblem = null;
                c.sink.skipped(new Skip(TYPE, "header_line", c.source, line));
            } catch (IllegalArgumentException e) {
                c.header = null;
                c.headerProblem = "the header line " + line + " is invalid (" + e.getMessage() + ")";
                dead(c, "invalid_header: " + e.getMessage(), raw, off, len, line, offset);
            }
            return;
        }
        if (c.headerProblem != null) {
            dead(c, "no_format: " + c.headerProblem, raw, off, len, line, offset);
            return;
        }
        VpcFormat f = c.header != null ? c.header : configured != null ? configured : VpcFormat.byCount(n);
        if (f == null) {
            dead(c, "unknown_format: " + n + " fields; set the vpc format", raw, off, len, line, offset);
            return;
        }
        if (n != f.columns()) {
            dead(c, "field_count: the line has " + n + " fields, the " + f.description + " has " + f.columns(),
                    raw, off, len, line, offset);
            return;
        }
        // A fresh slot table per record, not one reused for the whole input: a long-lived array ends up in the
        // old generation, where every store of a new value pays G1's card-marking barrier (a fence).
        c.vals = new Object[f.slotFields.length];
        if (!convert(c, f, body)) {
            c.srcIp = null;
            c.dstIp = null;
            dead(c, c.error, raw, off, len, line, offset);
            return;
        }
        Event e = build(c, f, body);
        e.id(DocIds.of(TYPE, raw, off, len)).original(body).position(position);
        c.sink.event(e);
    }

    private void dead(Call c, String reason, byte[] raw, int off, int len, long line, long offset) {
        c.sink.deadLetter(DeadLetter.of(TYPE, reason, raw, off, len, c.source, line, offset));
    }

    /** Splits on runs of spaces into c.starts/c.ends; returns the token count (which may exceed MAX_TOKENS). */
    private static int tokenise(Call c, String s) {
        int n = 0;
        int i = 0;
        int len = s.length();
        int[] starts = c.starts;
        int[] ends = c.ends;
        while (i < len) {
            while (i < len && s.charAt(i) == ' ') {
                i++;
            }
            if (i == len) {
                break;
            }
            int st = i;
            int space = s.indexOf(' ', i); // a vectorised intrinsic
            i = space < 0 ? len : space;
            if (n < MAX_TOKENS) {
                starts[n] = st;
                ends[n] = i;
            }
            n++;
        }
        return n;
    }

    /**
     * A header names fields: its first token is a known field name and every token could be one. Data lines
     * never qualify: their first value is a number, {@code -}, an id like {@code i-0abc} or an upper-case word.
     */
    private static boolean looksLikeHeader(Call c, String s, int n) {
        if (n > MAX_TOKENS) {
            return false;
        }
        char first = s.charAt(c.starts[0]);
        if (first < 'a' || first > 'z') {
            return false;
        }
        if (!VpcFields.isKnown(s.substring(c.starts[0], c.ends[0]).replace('_', '-'))) {
            return false;
        }
        for (int t = 0; t < n; t++) {
            for (int i = c.starts[t]; i < c.ends[t]; i++) {
                char ch = s.charAt(i);
                if (!(ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_' || ch == '$'
                        || ch == '{' || ch == '}')) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Fills c.vals from the line's columns; false (with c.error) on a value that cannot be what it should be. */
    private static boolean convert(Call c, VpcFormat f, String s) {
        Object[] vals = c.vals;
        int n = f.columns();
        for (int i = 0; i < n; i++) {
            int st = c.starts[i];
            int en = c.ends[i];
            if (en - st == 1 && s.charAt(st) == '-') {
                continue;
            }
            int[] slots = f.colSlots[i];
            switch (f.kinds[i]) {
                case KEYWORD: {
                    String v = en - st <= 2 ? smallNumberOrText(s, st, en) : s.substring(st, en);
                    for (int slot : slots) {
                        vals[slot] = v;
                    }
                    break;
                }
                case LONG: {
                    long v = parseLong(s, st, en);
                    if (v < 0) {
                        return invalid(c, f, i, s, st, en, "not a number");
                    }
                    Long boxed = v;
                    for (int slot : slots) {
                        vals[slot] = boxed;
                    }
                    break;
                }
                case EPOCH: {
                    long v = parseLong(s, st, en);
                    if (v < 0 || v > 253_402_300_799L) { // up to 9999-12-31T23:59:59Z
                        return invalid(c, f, i, s, st, en, "not epoch seconds");
                    }
                    Timestamp t = c.timestamp(v);
                    for (int slot : slots) {
                        vals[slot] = t;
                    }
                    break;
                }
                case SOURCE_IP:
                case DESTINATION_IP: {
                    String v = s.substring(st, en);
                    vals[slots[0]] = v;
                    if (IpAddresses.isIp(s, st, en)) {
                        vals[slots[1]] = v;
                        if (f.kinds[i] == VpcFields.Kind.SOURCE_IP) {
                            c.srcIp = v;
                        } else {
                            c.dstIp = v;
                        }
                    }
                    break;
                }
                case PROTOCOL: {
                    long p = parseLong(s, st, en);
                    if (p < 0 || p > 255) {
                        return invalid(c, f, i, s, st, en, "not a protocol number");
                    }
                    vals[slots[0]] = NUMBERS[(int) p];
                    vals[f.sNetworkTransport] = VpcFields.TRANSPORT[(int) p];
                    break;
                }
                case ACTION: {
                    String v;
                    if (s.startsWith(ACCEPT, st) && en - st == ACCEPT.length()) {
                        v = ACCEPT;
                        vals[f.sEventOutcome] = "success";
                        vals[f.sEventType] = TYPE_ALLOWED;
                    } else if (s.startsWith(REJECT, st) && en - st == REJECT.length()) {
                        v = REJECT;
                        vals[f.sEventOutcome] = "failure";
                        vals[f.sEventType] = TYPE_DENIED;
                    } else {
                        v = s.substring(st, en);
                    }
                    for (int slot : slots) {
                        vals[slot] = v;
                    }
                    break;
                }
                case TCP_FLAGS: {
                    long v = parseLong(s, st, en);
                    if (v < 0 || v > 0xFFFF) {
                        return invalid(c, f, i, s, st, en, "not a TCP flags number");
                    }
                    vals[slots[0]] = v < NUMBERS.length ? NUMBERS[(int) v] : s.substring(st, en);
                    vals[f.sTcpFlagsArray] = VpcFields.FLAG_ARRAYS[(int) (v & 63)];
                    break;
                }
                default:
                    throw new IllegalStateException("unhandled kind " + f.kinds[i]);
            }
        }
        return true;
    }

    private static boolean invalid(Call c, VpcFormat f, int col, String s, int st, int en, String what) {
        String v = s.substring(st, Math.min(en, st + 64));
        c.error = "invalid_value: " + f.names[col] + " (field " + (col + 1) + ") is " + what + ": '" + v + "'";
        return false;
    }

    /** Non-negative decimal without sign, at most 18 digits; -1 otherwise. */
    private static long parseLong(String s, int st, int en) {
        int len = en - st;
        if (len == 0 || len > 18) {
            return -1;
        }
        long v = 0;
        for (int i = st; i < en; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    /** Short numeric keywords (version "2", traffic-path "1") come from a cache instead of a new string. */
    private static String smallNumberOrText(String s, int st, int en) {
        long v = parseLong(s, st, en);
        if (v >= 0 && v < NUMBERS.length && (en - st == 1 || s.charAt(st) != '0')) {
            return NUMBERS[(int) v];
        }
        return s.substring(st, en);
    }

    private Event build(Call c, VpcFormat f, String body) {
        Object[] vals = c.vals;
        vals[f.sEcsVersion] = Ecs.ECS_VERSION_VALUE;
        vals[f.sEventKind] = "event";
        vals[f.sEventCategory] = CATEGORY;
        if (vals[f.sEventType] == null) {
            vals[f.sEventType] = TYPE_CONNECTION;
        }
        vals[f.sEventDataset] = DATASET;
        vals[f.sEventModule] = "aws";
        vals[f.sCloudProvider] = "aws";
        if (vals[f.sCloudAccount] == null) {
            vals[f.sCloudAccount] = c.keyAccount;
        }
        if (vals[f.sCloudRegion] == null) {
            vals[f.sCloudRegion] = c.keyRegion;
        }
        if (vals[f.sTimestamp] == null) {
            // Without an end time (a custom format may leave it out) the start time is the best event time.
            if (f.sEventStart >= 0) {
                vals[f.sTimestamp] = vals[f.sEventStart];
            }
        }
        String src = c.srcIp;
        String dst = c.dstIp;
        if (src != null || dst != null) {
            if (src == null || dst == null) {
                vals[f.sRelatedIp] = List.of(src != null ? src : dst);
            } else {
                vals[f.sRelatedIp] = src.equals(dst) ? List.of(src) : List.of(src, dst);
            }
            String ip = src != null ? src : dst;
            vals[f.sNetworkType] = ip.indexOf(':') >= 0 ? "ipv6" : "ipv4";
        }
        if (options.keepOriginal()) {
            vals[f.sEventOriginal] = body;
        }
        int m = f.slotFields.length;
        int count = 0;
        for (int i = 0; i < m; i++) {
            if (vals[i] != null) {
                count++;
            }
        }
        Event e = new Event(TYPE, count + Event.ENRICHMENT_HEADROOM);
        for (int i = 0; i < m; i++) {
            Object v = vals[i];
            if (v != null) {
                e.add(f.slotFields[i], v); // slots are distinct fields: no duplicate to look for
            }
        }
        c.srcIp = null;
        c.dstIp = null;
        return e;
    }

    /** The message of a {@code {"message":"..."}} record, or null with c.error set. */
    private static String unwrap(Call c, String body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                c.error = "invalid_json: not a JSON object";
                return null;
            }
            String message = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("message".equals(name) && v == JsonToken.VALUE_STRING) {
                    message = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                c.error = "invalid_json: unexpected content after the object";
                return null;
            }
            if (message == null) {
                c.error = "no_message: a JSON record without a string \"message\" field";
                return null;
            }
            message = stripLineEnd(message);
            if (message.isBlank()) {
                c.error = "no_message: the \"message\" field is empty";
                return null;
            }
            return message;
        } catch (IOException e) {
            String m = e.getMessage();
            int nl = m == null ? -1 : m.indexOf('\n');
            c.error = "invalid_json: " + (nl >= 0 ? m.substring(0, nl) : m);
            return null;
        }
    }

    private static String stripLineEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return end == s.length() ? s : s.substring(0, end);
    }
}
