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
        return ipv4(s, from, to) >= 0;
    }

    /**
     * The address of a dotted quad that {@link #isIpv4} accepts as an unsigned 32-bit value, else -1: checked and
     * converted in one pass, so a caller that needs the bytes does not read the text twice.
     */
    public static long ipv4(CharSequence s, int from, int to) {
        int n = to - from;
        if (n < 7 || n > 15) {
            return -1;
        }
        long address = 0;
        int parts = 0;
        int v = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (digits == 0 || parts == 3) {
                    return -1;
                }
                address = address << 8 | v;
                parts++;
                v = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                v = v * 10 + (c - '0');
                digits++;
                if (v > 255) {
                    return -1;
                }
            } else {
                return -1;
            }
        }
        if (digits == 0 || parts != 3) {
            return -1;
        }
        return address << 8 | v;
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
