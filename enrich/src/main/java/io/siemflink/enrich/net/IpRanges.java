package io.siemflink.enrich.net;

/**
 * Addresses that no GeoIP or ASN database places anywhere: private (RFC 1918, unique local), loopback,
 * link-local, carrier-grade NAT, multicast, documentation, benchmarking, "this network" and reserved ranges
 * (IANA special-purpose registries). Looking them up would only cost time, so they are skipped.
 */
public final class IpRanges {
    private IpRanges() {
    }

    /** True when the 4- or 16-byte address is a globally routable one worth a GeoIP/ASN lookup. */
    public static boolean isGlobal(byte[] a) {
        return a.length == 4 ? isGlobalV4(a) : isGlobalV6(a);
    }

    private static boolean isGlobalV4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        int b2 = a[2] & 0xff;
        return !(b0 == 0                                   // 0.0.0.0/8 this network
                || b0 == 10                                // 10/8 private
                || b0 == 127                               // loopback
                || b0 == 100 && (b1 & 0xc0) == 64          // 100.64/10 carrier-grade NAT
                || b0 == 169 && b1 == 254                  // link-local
                || b0 == 172 && (b1 & 0xf0) == 16          // 172.16/12 private
                || b0 == 192 && b1 == 0 && b2 == 0         // 192.0.0/24 IETF protocol assignments
                || b0 == 192 && b1 == 0 && b2 == 2         // TEST-NET-1
                || b0 == 192 && b1 == 168                  // 192.168/16 private
                || b0 == 198 && (b1 & 0xfe) == 18          // 198.18/15 benchmarking
                || b0 == 198 && b1 == 51 && b2 == 100      // TEST-NET-2
                || b0 == 203 && b1 == 0 && b2 == 113       // TEST-NET-3
                || b0 >= 224);                             // multicast, reserved, broadcast
    }

    private static boolean isGlobalV6(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        if (b0 == 0) {
            return false; // ::/8: unspecified, loopback, IPv4-compatible and other reserved forms
        }
        if (b0 == 0x20 && b1 == 0x01 && a[2] == 0x0d && (a[3] & 0xff) == 0xb8) {
            return false; // 2001:db8::/32 documentation
        }
        if (b0 == 0x01 && b1 == 0 && a[2] == 0 && a[3] == 0 && a[4] == 0 && a[5] == 0 && a[6] == 0 && a[7] == 0) {
            return false; // 100::/64 discard-only
        }
        return !((b0 & 0xfe) == 0xfc                     // fc00::/7 unique local
                || b0 == 0xfe && (b1 & 0xc0) == 0x80     // fe80::/10 link-local
                || b0 == 0xfe && (b1 & 0xc0) == 0xc0     // fec0::/10 site-local (deprecated)
                || b0 == 0xff);                          // multicast
    }
}
