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
        // one pass that checks and converts: on a cache miss every address is parsed, and random addresses'
        // digit counts defeat branch prediction, so reading the text twice costs twice
        long v4 = IpAddresses.ipv4(s, 0, n);
        if (v4 >= 0) {
            return new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4};
        }
        byte[] v6 = new byte[16];
        if (!IpAddresses.ipv6(s, 0, n, v6)) {
            return null;
        }
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return v6;
            }
        }
        return v6[10] == -1 && v6[11] == -1 ? java.util.Arrays.copyOfRange(v6, 12, 16) : v6;
    }

    public static InetAddress toInet(byte[] addr) {
        try {
            return InetAddress.getByAddress(addr);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address length " + addr.length, e);
        }
    }
}
