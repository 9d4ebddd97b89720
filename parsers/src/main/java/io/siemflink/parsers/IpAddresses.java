package io.siemflink.parsers;

/**
 * Textual IP address checks on a slice of a string, shared by every parser: no allocation, no regex, and no
 * {@code InetAddress} (which would resolve a host name such as {@code ec2.amazonaws.com} over DNS). What passes
 * is what OpenSearch's {@code ip} type accepts, so a value that passes can be indexed as one.
 */
public final class IpAddresses {
    private IpAddresses() {
    }

    public static boolean isIp(CharSequence s) {
        return isIp(s, 0, s.length());
    }

    public static boolean isIp(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == ':') {
                return isIpv6(s, from, to);
            }
            if (c == '.') {
                return isIpv4(s, from, to);
            }
        }
        return false;
    }

    /** Dotted quad, each part 0-255 with 1-3 digits. */
    public static boolean isIpv4(CharSequence s, int from, int to) {
        int parts = 0;
        int i = from;
        while (true) {
            int v = 0;
            int digits = 0;
            while (i < to && digits < 4) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                v = v * 10 + (c - '0');
                digits++;
                i++;
            }
            if (digits == 0 || digits > 3 || v > 255) {
                return false;
            }
            parts++;
            if (i == to) {
                return parts == 4;
            }
            if (s.charAt(i) != '.' || parts == 4) {
                return false;
            }
            i++;
        }
    }

    /** RFC 4291 text forms: eight groups, one {@code ::}, an optional dotted IPv4 tail; no zone index. */
    public static boolean isIpv6(CharSequence s, int from, int to) {
        int len = to - from;
        if (len < 2 || len > 45) {
            return false;
        }
        int groups = 0;
        boolean compressed = false;
        int i = from;
        if (s.charAt(i) == ':') {
            if (s.charAt(i + 1) != ':') {
                return false;
            }
            compressed = true;
            i += 2;
            if (i == to) {
                return true;
            }
        }
        while (i < to) {
            int start = i;
            while (i < to && hex(s.charAt(i))) {
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                if (!isIpv4(s, start, to)) {
                    return false;
                }
                groups += 2;
                break;
            }
            int g = i - start;
            if (g == 0 || g > 4) {
                return false;
            }
            groups++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i == to) {
                return false; // a single trailing colon
            }
            if (s.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
