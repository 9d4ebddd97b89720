package io.siemflink.enrich.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangesTest {
    @ParameterizedTest
    @ValueSource(strings = {"0.1.2.3", "10.0.0.1", "100.64.0.1", "100.127.255.255", "127.0.0.1", "169.254.169.254",
            "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.168.0.1", "198.18.0.1", "198.19.255.1",
            "198.51.100.1", "203.0.113.9", "224.0.0.251", "240.0.0.1", "255.255.255.255", "::", "::1",
            "::ffff:10.0.0.1", "100::1", "2001:db8::1", "fc00::1", "fd12:3456::1", "fe80::1", "fec0::1", "ff02::1"})
    void notGlobal(String ip) {
        assertThat(IpRanges.isGlobal(IpAddr.parse(ip))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "89.160.20.156", "100.63.255.255", "100.128.0.0", "172.15.255.255",
            "172.32.0.0", "192.0.1.1", "192.169.0.1", "198.17.0.1", "198.20.0.1", "223.255.255.255", "2a02:cf40::",
            "2001:4860:4860::8888", "::ffff:8.8.8.8", "2001:db9::1"})
    void global(String ip) {
        assertThat(IpRanges.isGlobal(IpAddr.parse(ip))).isTrue();
    }

    @Test
    void parseAcceptsOnlyLiterals() {
        assertThat(IpAddr.parse("ec2.amazonaws.com")).isNull();
        assertThat(IpAddr.parse("1.2.3")).isNull();
        assertThat(IpAddr.parse("1.2.3.256")).isNull();
        assertThat(IpAddr.parse("fe80::1%eth0")).isNull();
        assertThat(IpAddr.parse(null)).isNull();
        assertThat(IpAddr.parse("1.2.3.4")).containsExactly(1, 2, 3, 4);
        assertThat(IpAddr.parse("::ffff:1.2.3.4")).containsExactly(1, 2, 3, 4);
        assertThat(IpAddr.parse("2a02:cf40::")).hasSize(16);
    }
}
