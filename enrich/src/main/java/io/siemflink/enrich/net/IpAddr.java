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
        if (IpAddresses.isIpv4(s, 0, n)) {
            byte[] b = new byte[4];
            int part = 0;
            int v = 0;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c == '.') {
                    b[part++] = (byte) v;
                    v = 0;
                } else {
                    v = v * 10 + (c - '0');
                }
            }
            b[3] = (byte) v;
            return b;
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

    public static InetAddress toInet(byte[] addr) {
        try {
            return InetAddress.getByAddress(addr);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address length " + addr.length, e);
        }
    }
}
