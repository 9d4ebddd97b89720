package io.siemflink.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressesTest {
    /** Event values are new strings each time; equal text in a new instance must find the entry. */
    private static Addresses.Info get(Addresses a, String ip) {
        return a.get(new String(ip));
    }

    @Test
    void parsesOncePerAddressAndKeepsTheRecentOfTwoInASet() {
        Addresses a = new Addresses(2); // one set of two ways: exactly least-recently-used
        Addresses.Info x = get(a, "192.0.2.1");
        assertThat(x.address).containsExactly(192, 0, 2, 1);
        assertThat(get(a, "192.0.2.1")).isSameAs(x);
        Addresses.Info y = get(a, "192.0.2.2");
        assertThat(get(a, "192.0.2.1")).isSameAs(x); // x is now the more recent
        get(a, "192.0.2.3"); // evicts y, the less recent
        get(a, "192.0.2.4"); // evicts x
        get(a, "192.0.2.3");
        assertThat(get(a, "192.0.2.1")).isNotSameAs(x);
        assertThat(get(a, "192.0.2.2")).isNotSameAs(y);
        assertThat(get(a, "not an address").address).isNull();
    }

    @Test
    void holdsAsManyDistinctAddressesAsItsCapacityWhenTheyFit() {
        Addresses a = new Addresses(5_000); // 8,192 slots
        Addresses.Info[] first = new Addresses.Info[1_000];
        for (int i = 0; i < first.length; i++) {
            first[i] = get(a, "10.0." + (i / 256) + "." + (i % 256));
        }
        int kept = 0;
        for (int i = 0; i < first.length; i++) {
            kept += get(a, "10.0." + (i / 256) + "." + (i % 256)) == first[i] ? 1 : 0;
        }
        // 1,000 addresses in 4,096 sets of two: only sets hit three times or more lose one
        assertThat(kept).isGreaterThan(990);
    }
}
