package io.siemflink.parsers.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampTest {
    @Test
    void parsesAwsFormsAndFormatsWithMillis() {
        assertThat(Timestamp.parse("2014-07-16T15:49:27Z").toString()).isEqualTo("2014-07-16T15:49:27.000Z");
        assertThat(Timestamp.parse("2018-07-02T22:23:00.186641Z").toString()).isEqualTo("2018-07-02T22:23:00.186641Z");
        assertThat(Timestamp.parse("2018-07-02T22:23:00.186Z").toString()).isEqualTo("2018-07-02T22:23:00.186Z");
        assertThat(Timestamp.parse("2018-07-02T22:23:00.1Z").toString()).isEqualTo("2018-07-02T22:23:00.100Z");
        assertThat(Timestamp.parse("2018-07-02T22:23:00.123456789Z").nanos()).isEqualTo(123456789);
        assertThat(Timestamp.parse("2021-03-01T10:00:00+02:00").toString()).isEqualTo("2021-03-01T08:00:00.000Z");
        assertThat(Timestamp.ofEpochSecond(1640000297).toString()).isEqualTo("2021-12-20T11:38:17.000Z");
    }

    @Test
    void agreesWithJavaTimeOnRandomInstants() {
        Random r = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long sec = (long) (r.nextDouble() * 4_000_000_000L) - 100_000_000L;
            int nanos = r.nextInt(1000) * 1_000_000;
            Instant expected = Instant.ofEpochSecond(sec, nanos);
            Timestamp t = Timestamp.of(sec, nanos);
            assertThat(t.toString()).isEqualTo(expected.toString().length() == 20
                    ? expected.toString().replace("Z", ".000Z") : expected.toString());
            assertThat(Timestamp.parse(t.toString())).isEqualTo(t);
            assertThat(t.isoDate()).isEqualTo(expected.toString().substring(0, 10));
        }
    }

    @Test
    void rejectsGarbage() {
        for (String bad : new String[] {"", "2014-13-16T15:49:27Z", "2014-02-30T15:49:27Z", "2014-07-16T25:49:27Z",
                "2014-07-16T15:49:27.x1Z", "not a time at all!!!", "2014-07-16"}) {
            assertThatThrownBy(() -> Timestamp.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
