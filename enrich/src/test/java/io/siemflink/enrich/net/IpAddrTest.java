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
        assertThat(IpAddr.parse("2001:db8::1")).hasSize(16);
    }
}
