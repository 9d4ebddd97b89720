package io.siemflink.enrich.intel;

import io.siemflink.enrich.net.IpAddr;
import java.util.Locale;

/** Recognises and normalises indicator values: IP address, CIDR network or domain name. */
final class IndicatorValues {
    /** A recognised value: its type, normalised text, address bytes (null for a domain) and prefix length. */
    record Value(String type, String text, byte[] address, int prefix) {
        boolean isNetwork() {
            return address != null && prefix < address.length * 8;
        }
    }

    private IndicatorValues() {
    }

    /** The value, or null when it is neither an IP, a CIDR network nor a domain name. */
    static Value parse(String raw) {
        String s = raw.strip();
        if (s.isEmpty()) {
            return null;
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            byte[] a = IpAddr.parse(s.substring(0, slash));
            if (a == null) {
                return null;
            }
            int prefix;
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (prefix < 0 || prefix > a.length * 8) {
                return null;
            }
            mask(a, prefix);
            String type = a.length == 4 ? "ipv4-addr" : "ipv6-addr";
            String text = IpAddr.toInet(a).getHostAddress() + "/" + prefix;
            return new Value(type, prefix == a.length * 8 ? IpAddr.toInet(a).getHostAddress() : text, a, prefix);
        }
        byte[] a = IpAddr.parse(s);
        if (a != null) {
            return new Value(a.length == 4 ? "ipv4-addr" : "ipv6-addr", IpAddr.toInet(a).getHostAddress(), a, a.length * 8);
        }
        String d = domain(s);
        return d == null ? null : new Value("domain-name", d, null, 0);
    }

    /**
     * Lower case, no trailing dot; null unless every label is 1-63 letters, digits, '-' or '_' and the last one is
     * not all digits (so a mistyped address such as 999.1.1.1 is not taken for a name).
     */
    static String domain(String s) {
        String d = s.toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.isEmpty() || d.length() > 253) {
            return null;
        }
        int label = 0;
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (c == '.') {
                if (label == 0) {
                    return null;
                }
                label = 0;
            } else if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
                if (++label > 63) {
                    return null;
                }
            } else {
                return null;
            }
        }
        if (label == 0) {
            return null;
        }
        for (int i = d.length() - label; i < d.length(); i++) {
            if (d.charAt(i) < '0' || d.charAt(i) > '9') {
                return d;
            }
        }
        return null;
    }

    /** Clears the bits after the prefix. */
    static void mask(byte[] a, int prefix) {
        for (int i = 0; i < a.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            a[i] &= (byte) (0xff00 >>> keep);
        }
    }
}
