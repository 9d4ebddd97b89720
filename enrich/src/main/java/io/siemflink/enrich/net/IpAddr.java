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
