package io.siemflink.detect.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The literal a regex match must contain, used to skip the regex on values that cannot match. */
class RegexLiteralTest {
    @Test
    void longestMandatoryTopLevelRun() {
        assertThat(Matchers.Regex.requiredLiteral(".+:assumed-role/aws:.+")).isEqualTo(":assumed-role/aws:");
        assertThat(Matchers.Regex.requiredLiteral("^abc\\.def$")).isEqualTo("abc");
        assertThat(Matchers.Regex.requiredLiteral("abcd?efg")).isEqualTo("abc");
        assertThat(Matchers.Regex.requiredLiteral("abcx{0,2}y")).isEqualTo("abc");
        assertThat(Matchers.Regex.requiredLiteral("(longliteral)?short")).isEqualTo("short");
        assertThat(Matchers.Regex.requiredLiteral("[xyz]+tail")).isEqualTo("tail");
    }

    @Test
    void noClaimWhenUnsure() {
        assertThat(Matchers.Regex.requiredLiteral("abc|def")).isNull();
        assertThat(Matchers.Regex.requiredLiteral("(?i)abcdef")).isNull();
        assertThat(Matchers.Regex.requiredLiteral("a.b.c")).isNull();
        assertThat(Matchers.Regex.requiredLiteral("(abc|def)ghi")).isNull();
    }
}
