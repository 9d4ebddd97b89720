package io.siemflink.parsers;

/**
 * Tells the log family from the first bytes of (decompressed) content, for input whose S3 key names none:
 * cheap byte checks on the first line, no full parse.
 */
public final class TypeDetector {
    /** What the content looks like. */
    public enum Kind {
        CLOUDTRAIL(LogType.CLOUDTRAIL),
        VPCFLOW(LogType.VPCFLOW),
        ELB(LogType.ELB),
        CLOUDWATCH_ENVELOPE(null),
        UNKNOWN(null);

        private final LogType logType;

        Kind(LogType logType) {
            this.logType = logType;
        }

        /** The log type, or null for envelopes and unknown content. */
        public LogType logType() {
            return logType;
        }
    }

    private TypeDetector() {
    }

    /** How many leading bytes callers should offer (enough for the first JSON keys or the first line). */
    public static final int SNIFF_BYTES = 8192;

    public static Kind detect(byte[] b, int len) {
        int i = 0;
        if (len >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            i = 3; // UTF-8 byte order mark
        }
        while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        if (i >= len) {
            return Kind.UNKNOWN;
        }
        String head = new String(b, i, Math.min(len - i, SNIFF_BYTES), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (head.charAt(0) == '{' || head.charAt(0) == '[') {
            return detectJson(head);
        }
        int eol = head.indexOf('\n');
        String line = eol < 0 ? head : head.substring(0, eol);
        return detectLine(line.strip());
    }

    private static Kind detectJson(String head) {
        if (head.contains("\"messageType\"") && head.contains("\"logEvents\"") || head.contains("\"messageType\":\"DATA_MESSAGE\"")
                || head.contains("\"messageType\":\"CONTROL_MESSAGE\"")) {
            return Kind.CLOUDWATCH_ENVELOPE;
        }
        if (head.contains("\"Records\"") || head.contains("\"eventVersion\"") || head.contains("\"eventSource\"")
                || head.contains("\"digestStartTime\"") || head.contains("AWS API Call via CloudTrail")
                || head.contains("\"eventCategory\":\"Insight\"")) {
            return Kind.CLOUDTRAIL;
        }
        int m = head.indexOf("\"message\"");
        if (m >= 0) {
            // {"message":"<flow log line>"}: look at the wrapped line.
            int q = head.indexOf('"', head.indexOf(':', m) + 1);
            int end = q < 0 ? -1 : head.indexOf('"', q + 1);
            if (q >= 0 && end > q) {
                Kind k = detectLine(head.substring(q + 1, end));
                if (k == Kind.VPCFLOW || k == Kind.ELB) {
                    return k;
                }
            }
        }
        return Kind.UNKNOWN;
    }

    private static Kind detectLine(String line) {
        String[] tok = line.split(" ", 4);
        if (tok.length < 3) {
            return Kind.UNKNOWN;
        }
        String first = tok[0];
        if (first.equals("version") || first.equals("account-id") || first.equals("interface-id")
                || line.contains("srcaddr") || line.contains("log-status")) {
            return Kind.VPCFLOW; // a flow log header line
        }
        switch (first) {
            case "http", "https", "h2", "grpcs", "ws", "wss" -> {
                return isTimestamp(tok[1]) ? Kind.ELB : Kind.UNKNOWN;
            }
            case "tls" -> {
                return tok[1].startsWith("1.") || tok[1].startsWith("2.") ? Kind.ELB : Kind.UNKNOWN;
            }
            default -> {
            }
        }
        if (isTimestamp(first)) {
            return Kind.ELB; // classic ELB access log or ALB connection log
        }
        if (isDigits(first) && line.split(" ").length >= 14) {
            return Kind.VPCFLOW; // headerless flow log line: "2 123456789012 eni-..."
        }
        if (first.startsWith("vpc-") || first.startsWith("eni-") || first.startsWith("tgw-")) {
            return line.split(" ").length >= 10 ? Kind.VPCFLOW : Kind.UNKNOWN;
        }
        return Kind.UNKNOWN;
    }

    private static boolean isTimestamp(String s) {
        return s.length() >= 19 && Character.isDigit(s.charAt(0)) && s.charAt(4) == '-' && s.charAt(7) == '-'
                && s.charAt(10) == 'T';
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
