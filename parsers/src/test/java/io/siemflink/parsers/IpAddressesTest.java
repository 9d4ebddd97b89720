package io.siemflink.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IpAddressesTest {
    @Test
    void acceptsAddresses() {
        for (String s : List.of("0.0.0.0", "81.2.69.144", "255.255.255.255", "10.0.1.25", "::", "::1", "2001:db8::",
                "2001:db8::1", "fe80::1", "2001:db8:85a3::8a2e:370:7334", "2001:db8:1234:a100:8d6e:3477:df66:f105",
                "::ffff:192.0.2.1", "1:2:3:4:5:6:7:8", "1::8", "1:2:3:4:5:6:7::", "2a02:cf40::", "1:2:3:4:5:6:1.2.3.4")) {
            assertThat(IpAddresses.isIp(s)).as(s).isTrue();
        }
    }

    @Test
    void rejectsNamesAndNearMisses() {
        // A zone index (fe80::1%eth0) is not an address OpenSearch's ip type takes: such a value stays source.address.
        for (String s : List.of("", "-", "AWS Internal", "ec2.amazonaws.com", "redacted", "unknown", "eni-0abc", "1.2.3",
                "1.2.3.4.5", "256.1.1.1", "1.2.3.04a", "1..2.3", "1.2.3.", "1.2.3.1234", "1.2.3.4 ", ":::", "1:::2",
                "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", "12345::", "g::1", ":1", "1:", "fe80::1%", "fe80::1%eth0",
                "::ffff:1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "10.0.1.25/32")) {
            assertThat(IpAddresses.isIp(s)).as(s).isFalse();
        }
    }

    @Test
    void checksASliceWithoutCopying() {
        String line = "x 10.0.0.1:443 y";
        assertThat(IpAddresses.isIp(line, 2, 10)).isTrue();
        assertThat(IpAddresses.isIp(line, 2, 11)).isFalse();
    }
}
