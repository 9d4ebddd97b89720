package io.siemflink.enrich.net;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Base64;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Community ID flow hash, version 1 (corelight/community-id-spec), as Elastic's {@code community_id} processor
 * computes it: SHA-1 over seed, the ordered endpoints, protocol, a zero byte and (for TCP, UDP, SCTP, ICMP and
 * ICMPv6) the ports, base64, prefixed {@code 1:}. ICMP type and code take the place of the ports, with Zeek's
 * request/reply type pairing; a type without a pair is a one-way flow and is never reordered.
 *
 * <p>One instance per thread (it keeps a digest and a buffer).
 */
public final class CommunityId {
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMP6 = 58;
    public static final int SCTP = 132;

    private final MessageDigest sha1;
    private final byte[] buf = new byte[2 + 16 + 16 + 2 + 4];
    private final byte[] digest = new byte[20];
    private final byte[] base64 = new byte[28];
    /** "1:" and the 20-byte digest in base64 (28 characters, one '=' of padding). */
    private final byte[] text = new byte[30];
    private final int seed;

    public CommunityId() {
        this(0);
    }

    public CommunityId(int seed) {
        if (seed < 0 || seed > 0xffff) {
            throw new IllegalArgumentException("community id seed must be 0-65535, got " + seed);
        }
        this.seed = seed;
        text[0] = '1';
        text[1] = ':';
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-1", e);
        }
    }

    /** Whether the protocol's hash input includes ports (or ICMP type/code). */
    public static boolean hasPorts(int proto) {
        return proto == TCP || proto == UDP || proto == SCTP || proto == ICMP || proto == ICMP6;
    }

    /**
     * @param src, dst 4- or 16-byte addresses
     * @param sport, dport ports (ICMP: type and code); ignored for protocols without ports
     * @return the id, or null when a port-carrying protocol lacks valid ports (negative or above 65535)
     */
    public String compute(byte[] src, byte[] dst, int proto, int sport, int dport) {
        if (proto < 0 || proto > 255) {
            return null;
        }
        boolean ports = hasPorts(proto);
        boolean oneWay = false;
        if (ports) {
            if (sport < 0 || sport > 0xffff || dport < 0 || dport > 0xffff) {
                return null;
            }
            if (proto == ICMP || proto == ICMP6) {
                int pair = proto == ICMP ? icmpPair(sport) : icmp6Pair(sport);
                if (pair < 0) {
                    oneWay = true; // type and code as they are
                } else {
                    dport = pair;
                }
            }
        }
        // Same family: unsigned byte order, as the spec. Mixed families (only in synthetic data) put IPv4 first,
        // as Elastic does; the spec's plain byte-string comparison would order by first byte.
        int cmp = src.length != dst.length ? Integer.compare(src.length, dst.length) : Arrays.compareUnsigned(src, dst);
        boolean ordered = oneWay || cmp < 0 || cmp == 0 && ports && sport < dport;
        byte[] a = ordered ? src : dst;
        byte[] b = ordered ? dst : src;
        int pa = ordered ? sport : dport;
        int pb = ordered ? dport : sport;
        int n = 0;
        buf[n++] = (byte) (seed >>> 8);
        buf[n++] = (byte) seed;
        System.arraycopy(a, 0, buf, n, a.length);
        n += a.length;
        System.arraycopy(b, 0, buf, n, b.length);
        n += b.length;
        buf[n++] = (byte) proto;
        buf[n++] = 0;
        if (ports) {
            buf[n++] = (byte) (pa >>> 8);
            buf[n++] = (byte) pa;
            buf[n++] = (byte) (pb >>> 8);
            buf[n++] = (byte) pb;
        }
        sha1.update(buf, 0, n);
        try {
            sha1.digest(digest, 0, 20); // also resets the digest
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        // into reused arrays: one string per id instead of a digest array, an encoded array and a concatenation
        Base64.getEncoder().encode(digest, base64);
        System.arraycopy(base64, 0, text, 2, 28);
        return new String(text, 0, 30, StandardCharsets.ISO_8859_1);
    }

    /** ICMPv4 request/reply pairs (echo, router, timestamp, information, address mask); -1: one-way. */
    static int icmpPair(int type) {
        return switch (type) {
            case 8 -> 0;
            case 0 -> 8;
            case 10 -> 9;
            case 9 -> 10;
            case 13 -> 14;
            case 14 -> 13;
            case 15 -> 16;
            case 16 -> 15;
            case 17 -> 18;
            case 18 -> 17;
            default -> -1;
        };
    }

    /** ICMPv6 pairs (echo, MLD, router and neighbour discovery, who-are-you, home agent discovery); -1: one-way. */
    static int icmp6Pair(int type) {
        return switch (type) {
            case 128 -> 129;
            case 129 -> 128;
            case 130 -> 131;
            case 131 -> 130;
            case 133 -> 134;
            case 134 -> 133;
            case 135 -> 136;
            case 136 -> 135;
            case 139 -> 140;
            case 140 -> 139;
            case 144 -> 145;
            case 145 -> 144;
            default -> -1;
        };
    }
}
