package io.siemflink.enrich.net;

import io.siemflink.parsers.IpAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP literals to bytes without DNS: only text that {@link IpAddresses} accepts as a literal is parsed. */
public final class IpAddr {
    private IpAddr() {
    }

    /**
     * The 4 or 16 network-order bytes of an IPv4/IPv6 literal, or null when the text is not one. An IPv4-mapped
     * IPv6 literal ({@code ::ffff:1.2.3.4}) yields its 4 IPv4 bytes, as {@link InetAddress} does.
     */
    public static byte[] parse(String s) {
        if (s == null) {
            return null;
        }
        int n = s.length();
        byte[] v4 = parseIpv4(s, n);
        if (v4 != null) {
            return v4;
        }
        if (IpAddresses.isIpv6(s, 0, n)) {
            try {
                return InetAddress.getByName(s).getAddress(); // a checked literal: no lookup happens
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * What {@link IpAddresses#isIpv4} accepts (four parts of 1-3 digits up to 255), checked and converted in one
     * pass: on a cache miss every address is parsed, and the digit counts of random addresses defeat branch
     * prediction, so a second pass over the text costs as much as the first.
     */
    private static byte[] parseIpv4(String s, int n) {
        if (n < 7 || n > 15) {
            return null;
        }
        byte[] b = new byte[4];
        int part = 0;
        int v = 0;
        int digits = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (digits == 0 || part == 3) {
                    return null;
                }
                b[part++] = (byte) v;
                v = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                v = v * 10 + (c - '0');
                digits++;
                if (v > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        if (digits == 0 || part != 3) {
            return null;
        }
        b[3] = (byte) v;
        return b;
    }

    public static InetAddress toInet(byte[] addr) {
        try {
            return InetAddress.getByAddress(addr);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address length " + addr.length, e);
        }
    }
}
