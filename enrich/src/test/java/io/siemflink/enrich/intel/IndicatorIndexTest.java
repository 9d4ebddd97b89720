package io.siemflink.enrich.intel;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.enrich.net.IpAddr;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IndicatorIndexTest {
    private static Indicator ind(String value) {
        IndicatorValues.Value v = IndicatorValues.parse(value);
        return new Indicator(v.type(), v.text(), v.isNetwork(), "test:" + value, "test", null, null, null, null, null,
                Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** What the index must answer: among the indicators covering the address, the longest prefix (first listed wins a tie). */
    private static Indicator naive(List<Indicator> all, byte[] a) {
        Indicator best = null;
        int bestPrefix = -1;
        for (Indicator i : all) {
            IndicatorValues.Value v = IndicatorValues.parse(i.value());
            if (v.address().length != a.length || v.prefix() <= bestPrefix) {
                continue;
            }
            boolean in = true;
            for (int bit = 0; bit < v.prefix() && in; bit++) {
                int mask = 0x80 >>> (bit & 7);
                in = (a[bit >>> 3] & mask) == (v.address()[bit >>> 3] & mask);
            }
            if (in) {
                best = i;
                bestPrefix = v.prefix();
            }
        }
        return best;
    }

    @Test
    void nestedNetworksGiveTheMostSpecificIndicator() {
        List<Indicator> all = List.of(ind("10.0.0.0/8"), ind("10.1.0.0/16"), ind("10.1.2.0/24"), ind("10.1.2.3"),
                ind("10.255.0.0/16"), ind("0.0.0.0/1"), ind("255.255.255.255"), ind("2001:db8::/32"),
                ind("2001:db8::1"));
        IndicatorIndex idx = IndicatorIndex.of(all);
        assertThat(idx.matchIp(IpAddr.parse("10.1.2.3")).value()).isEqualTo("10.1.2.3");
        assertThat(idx.matchIp(IpAddr.parse("10.1.2.4")).value()).isEqualTo("10.1.2.0/24");
        assertThat(idx.matchIp(IpAddr.parse("10.1.3.0")).value()).isEqualTo("10.1.0.0/16");
        assertThat(idx.matchIp(IpAddr.parse("10.2.0.0")).value()).isEqualTo("10.0.0.0/8");
        assertThat(idx.matchIp(IpAddr.parse("10.255.255.255")).value()).isEqualTo("10.255.0.0/16");
        assertThat(idx.matchIp(IpAddr.parse("11.0.0.0")).value()).isEqualTo("0.0.0.0/1");
        assertThat(idx.matchIp(IpAddr.parse("128.0.0.0"))).isNull();
        assertThat(idx.matchIp(IpAddr.parse("255.255.255.255")).value()).isEqualTo("255.255.255.255");
        assertThat(idx.matchIp(IpAddr.parse("255.255.255.254"))).isNull();
        assertThat(idx.matchIp(IpAddr.parse("2001:db8::1"))).isSameAs(all.get(8));
        assertThat(idx.matchIp(IpAddr.parse("2001:db8::2"))).isSameAs(all.get(7));
        assertThat(idx.counts()).containsEntry("ipv4-addr", 7).containsEntry("ipv6-addr", 2);
    }

    @Test
    void randomFeedsAgreeWithAScanOfEveryIndicator() {
        SplittableRandom r = new SplittableRandom(11);
        for (int round = 0; round < 20; round++) {
            List<Indicator> all = new ArrayList<>();
            // clustered in a few /8s so that networks nest and touch
            for (int i = 0; i < 300; i++) {
                int prefix = r.nextInt(4) == 0 ? 32 : 8 + r.nextInt(25);
                all.add(ind((10 + r.nextInt(3)) + "." + r.nextInt(4) + "." + r.nextInt(256) + "." + r.nextInt(256)
                        + "/" + prefix));
            }
            IndicatorIndex idx = IndicatorIndex.of(all);
            for (int q = 0; q < 2_000; q++) {
                byte[] a = IpAddr.parse((9 + r.nextInt(5)) + "." + r.nextInt(5) + "." + r.nextInt(256) + "."
                        + r.nextInt(256));
                assertThat(idx.matchIp(a)).as("round %d, %s", round, IpAddr.toInet(a).getHostAddress())
                        .isEqualTo(naive(all, a));
            }
        }
    }
}
