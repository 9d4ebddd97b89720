package io.siemflink.parsers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void unitsAndIsoForms() {
        assertThat(Durations.parse("k", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("k", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("k", "5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("k", " 1H ")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("k", "2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("k", "PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("k", "pt1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("k", "P1D")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void anythingElseNamesTheKeyAndTheValue() {
        for (String bad : List.of("", "5", "ms", "1.5h", "5 minutes", "5w", "PT", "abc", "m5")) {
            assertThatThrownBy(() -> Durations.parse("detect.rule.x.window", bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("detect.rule.x.window must be a duration such as 500ms, 90s, 5m, 1h, 1d or PT5M, was '"
                            + bad + "'");
        }
        assertThatThrownBy(() -> Durations.parse("k", null)).hasMessageContaining("k must be a duration");
    }
}
