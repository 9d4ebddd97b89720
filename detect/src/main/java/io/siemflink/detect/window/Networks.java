package io.siemflink.detect.window;

/**
 * Whether an address is inside private address space: what "egress" and "external source" mean for the VPC
 * rules. IPv4 RFC 1918, CGNAT 100.64/10, loopback, link-local; IPv6 ULA fc00::/7, link-local, loopback.
 */
public final class Networks {
    private Networks() {
    }

    public static boolean isInternal(String ip) {
        if (ip == null || ip.isEmpty()) {
            return false;
        }
        if (ip.indexOf(':') >= 0) {
            String l = ip.toLowerCase(java.util.Locale.ROOT);
            return l.equals("::1") || l.startsWith("fc") || l.startsWith("fd") || l.startsWith("fe8")
                    || l.startsWith("fe9") || l.startsWith("fea") || l.startsWith("feb");
        }
        int a = octet(ip, 0);
        int dot = ip.indexOf('.');
        int b = dot < 0 ? -1 : octet(ip, dot + 1);
        return a == 10 || a == 127 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)
                || (a == 169 && b == 254) || (a == 100 && b >= 64 && b <= 127);
    }

    private static int octet(String s, int from) {
        int v = 0;
        int i = from;
        for (; i < s.length() && Character.isDigit(s.charAt(i)); i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return i == from ? -1 : v;
    }
}
