package io.siemflink.enrich.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.IpAddresses;
import java.net.InetAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IpAddrTest {
    @Test
    void acceptsExactlyWhatTheParsersCallAnAddress() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        String alphabet = "0123456789..:ax";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            if (i % 2 == 0) { // near-addresses: four numbers, sometimes broken
                for (int p = 0; p < 3 + r.nextInt(3); p++) {
                    if (p > 0) {
                        b.append('.');
                    }
                    b.append(r.nextInt(10) == 0 ? "" : Integer.toString(r.nextInt(r.nextBoolean() ? 256 : 1200)));
                }
            } else {
                for (int k = r.nextInt(17); k > 0; k--) {
                    b.append(alphabet.charAt(r.nextInt(alphabet.length())));
                }
            }
            String s = b.toString();
            byte[] a = IpAddr.parse(s);
            if (IpAddresses.isIpv4(s, 0, s.length())) {
                assertThat(a).as(s).isEqualTo(InetAddress.getByName(s).getAddress());
            } else if (!IpAddresses.isIpv6(s, 0, s.length())) {
                assertThat(a).as(s).isNull();
            }
        }
    }

    /** IPv6-shaped text: random groups, one or two "::", mixed case, a dotted tail, now and then a broken part. */
    private static String ipv6ish(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        int groups = 1 + r.nextInt(9);
        int gap = r.nextInt(3) == 0 ? -1 : r.nextInt(groups + 1);
        for (int g = 0; g < groups; g++) {
            if (g == gap || r.nextInt(60) == 0) {
                b.append("::");
            } else if (g > 0) {
                b.append(':');
            }
            int digits = r.nextInt(40) == 0 ? 5 : r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(4);
            for (int d = 0; d < digits; d++) {
                b.append("0123456789abcdefABCDEFg".charAt(r.nextInt(r.nextInt(50) == 0 ? 23 : 22)));
            }
        }
        if (gap == groups) {
            b.append("::");
        }
        if (r.nextInt(5) == 0) {
            b.append(':').append(r.nextInt(256)).append('.').append(r.nextInt(256)).append('.').append(r.nextInt(256));
            if (r.nextInt(8) != 0) {
                b.append('.').append(r.nextInt(r.nextInt(10) == 0 ? 1000 : 256));
            }
        }
        return b.toString();
    }

    @Test
    void ipv6BytesEqualInetAddress() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            String s = ipv6ish(r);
            byte[] a = IpAddr.parse(s);
            if (a == null) {
                assertThat(IpAddresses.isIp(s)).as(s).isFalse();
                continue;
            }
            accepted++;
            // a colon makes InetAddress parse the literal (it never looks such a text up in DNS)
            assertThat(a).as(s).isEqualTo(InetAddress.getByName(s).getAddress());
        }
        assertThat(accepted).as("share of valid addresses among the samples").isGreaterThan(20_000);
    }

    @Test
    void edgeCases() {
        assertThat(IpAddr.parse("0.0.0.0")).containsExactly(0, 0, 0, 0);
        assertThat(IpAddr.parse("255.255.255.255")).containsExactly(-1, -1, -1, -1);
        assertThat(IpAddr.parse("010.001.000.009")).containsExactly(10, 1, 0, 9);
        assertThat(IpAddr.parse("1.2.3.4.")).isNull();
        assertThat(IpAddr.parse(".1.2.3.4")).isNull();
        assertThat(IpAddr.parse("1..2.3")).isNull();
        assertThat(IpAddr.parse("1.2.3.0004")).isNull();
        assertThat(IpAddr.parse("::ffff:1.2.3.4")).containsExactly(1, 2, 3, 4);
        assertThat(IpAddr.parse("2001:db8::1")).containsExactly(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
        assertThat(IpAddr.parse("::")).hasSize(16).containsOnly(0);
        assertThat(IpAddr.parse("::ffff:0102:0304")).containsExactly(1, 2, 3, 4); // mapped, whatever the notation
        assertThat(IpAddr.parse("::1.2.3.4")).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4);
        assertThat(IpAddr.parse("1:2:3:4:5:6:7::")).containsExactly(0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0);
        assertThat(IpAddr.parse("1:2:3:4:5:6:7:8:9")).isNull();
        assertThat(IpAddr.parse("1::2::3")).isNull();
    }
}
