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
        return ipv6(s, from, to, null);
    }

    /**
     * {@link #isIpv6}, and when {@code out} (16 bytes) is given, the address in network order written to it: one
     * pass that checks and converts. {@code out} holds garbage when the text is not an address.
     */
    public static boolean ipv6(CharSequence s, int from, int to, byte[] out) {
        int len = to - from;
        if (len < 2 || len > 45) {
            return false;
        }
        int groups = 0;
        int gap = -1; // the group index where "::" stands
        int i = from;
        if (s.charAt(i) == ':') {
            if (s.charAt(i + 1) != ':') {
                return false;
            }
            gap = 0;
            i += 2;
        }
        while (i < to) {
            int start = i;
            int v = 0;
            for (int h; i < to && (h = hexValue(s.charAt(i))) >= 0; i++) {
                v = v << 4 | h;
            }
            if (i < to && s.charAt(i) == '.') {
                long v4 = ipv4(s, start, to);
                if (v4 < 0 || groups > 6) {
                    return false;
                }
                group(out, groups++, (int) (v4 >>> 16));
                group(out, groups++, (int) v4 & 0xffff);
                break;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4 || groups == 8) {
                return false;
            }
            group(out, groups++, v);
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
                if (gap >= 0) {
                    return false;
                }
                gap = groups;
                i++;
            }
        }
        if (gap < 0) {
            return groups == 8;
        }
        if (groups > 7) {
            return false;
        }
        if (out != null) { // the groups after "::" move to the end, zeros fill the gap
            int tail = (groups - gap) * 2;
            System.arraycopy(out, gap * 2, out, 16 - tail, tail);
            java.util.Arrays.fill(out, gap * 2, 16 - tail, (byte) 0);
        }
        return true;
    }

    private static void group(byte[] out, int index, int value) {
        if (out != null) {
            out[2 * index] = (byte) (value >>> 8);
            out[2 * index + 1] = (byte) value;
        }
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
