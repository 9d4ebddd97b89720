package io.siemflink.parsers.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpLiteralsTest {
    @Test
    void acceptsAddresses() {
        for (String s : new String[] {"0.0.0.0", "81.2.69.144", "255.255.255.255", "::", "::1", "2001:db8::1",
                "2001:db8:85a3::8a2e:370:7334", "fe80::1%eth0", "::ffff:192.0.2.1", "1:2:3:4:5:6:7:8", "1::8",
                "1:2:3:4:5:6:7::"}) {
            assertThat(IpLiterals.isIp(s)).as(s).isTrue();
        }
    }

    @Test
    void rejectsNamesAndNearMisses() {
        for (String s : new String[] {"", "AWS Internal", "ec2.amazonaws.com", "redacted", "1.2.3", "1.2.3.4.5",
                "256.1.1.1", "1.2.3.04a", "1..2.3", "1.2.3.4 ", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::",
                "g::1", ":1", "1:", "fe80::1%", "::ffff:1.2.3", "1:2:3:4:5:6:7:1.2.3.4"}) {
            assertThat(IpLiterals.isIp(s)).as(s).isFalse();
        }
    }
}
