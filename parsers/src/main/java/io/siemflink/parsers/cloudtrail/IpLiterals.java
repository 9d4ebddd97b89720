package io.siemflink.parsers.cloudtrail;

/**
 * Recognises IPv4 and IPv6 literals without regex and without {@code InetAddress} (which would resolve a host
 * name such as {@code ec2.amazonaws.com} over DNS).
 */
final class IpLiterals {
    private IpLiterals() {
    }

    static boolean isIp(String s) {
        return isIpv4(s, 0, s.length()) || isIpv6(s);
    }

    static boolean isIpv4(String s, int from, int to) {
        int parts = 0;
        int i = from;
        while (true) {
            int start = i;
            int v = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return false;
                }
            }
            if (i == start || v > 255) {
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

    /** Hex groups separated by ':', at most one '::', optionally ending in an IPv4 part or a %zone. */
    static boolean isIpv6(String s) {
        int n = s.length();
        int zone = s.indexOf('%');
        if (zone >= 0) {
            if (zone == n - 1) {
                return false;
            }
            n = zone;
        }
        if (n < 2 || s.indexOf(':') < 0) {
            return false;
        }
        int groups = 0;
        boolean compressed = false;
        int i = 0;
        if (s.charAt(0) == ':') {
            if (s.charAt(1) != ':') {
                return false;
            }
            compressed = true;
            i = 2;
            if (i == n) {
                return true; // "::"
            }
        }
        while (i < n) {
            int start = i;
            while (i < n && hex(s.charAt(i))) {
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                // trailing IPv4 counts as two groups
                if (!isIpv4(s, start, n)) {
                    return false;
                }
                groups += 2;
                i = n;
                break;
            }
            int len = i - start;
            if (len == 0 || len > 4) {
                return false;
            }
            groups++;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                return false; // trailing single ':'
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
