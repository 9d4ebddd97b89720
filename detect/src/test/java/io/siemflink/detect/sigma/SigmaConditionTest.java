package io.siemflink.detect.sigma;

import static io.siemflink.detect.sigma.TestRules.cloudtrail;
import static io.siemflink.detect.sigma.TestRules.ct;
import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.event.Event;
import org.junit.jupiter.api.Test;

/** Condition forms: and, or, not, parentheses, precedence, 1 of / all of patterns and them, lists of maps. */
class SigmaConditionTest {
    // a, b and c as three facts of one event: a true, b false, c true.
    private static final String ABC = "a:\n  eventName: DeleteTrail\nb:\n  userAgent|contains: nope\nc:\n  awsRegion: us-east-1\n";
    private static final Event E = cloudtrail("\"eventName\":\"DeleteTrail\",\"eventSource\":\"cloudtrail.amazonaws.com\","
            + "\"userAgent\":\"aws-cli/2\"");

    private static boolean when(String condition) {
        return ct(ABC + "condition: " + condition).matches(E);
    }

    @Test
    void booleanOperators() {
        assertThat(when("a")).isTrue();
        assertThat(when("b")).isFalse();
        assertThat(when("a and c")).isTrue();
        assertThat(when("a and b")).isFalse();
        assertThat(when("b or c")).isTrue();
        assertThat(when("b or b")).isFalse();
        assertThat(when("not b")).isTrue();
        assertThat(when("not a")).isFalse();
        assertThat(when("not not a")).isTrue();
        assertThat(when("a AND NOT b")).as("operators ignore case").isTrue();
        assertThat(TestRules.rejection(TestRules.CLOUDTRAIL, ABC + "condition: A and c"))
                .as("identifiers do not").contains("'A' is not a search identifier");
    }

    @Test
    void precedenceIsNotThenAndThenOr() {
        // b and c or a  ==  (b and c) or a
        assertThat(when("b and c or a")).isTrue();
        // a or b and not c  ==  a or (b and (not c))
        assertThat(when("a or b and not c")).isTrue();
        // not a or c  ==  (not a) or c
        assertThat(when("not a or c")).isTrue();
        // not a and c == (not a) and c
        assertThat(when("not a and c")).isFalse();
    }

    @Test
    void parenthesesOverridePrecedence() {
        assertThat(when("b and (c or a)")).isFalse();
        assertThat(when("(a or b) and c")).isTrue();
        assertThat(when("not (a and c)")).isFalse();
        assertThat(when("not (b or (a and not c))")).isTrue();
        assertThat(when("((a))")).isTrue();
    }

    @Test
    void oneOfAndAllOfPatternsAndThem() {
        String d = "sel_name:\n  eventName: DeleteTrail\nsel_source:\n  eventSource: cloudtrail.amazonaws.com\n"
                + "sel_agent:\n  userAgent: nope\nfilter:\n  awsRegion: eu-west-1\n";
        assertThat(ct(d + "condition: 1 of sel_*").matches(E)).isTrue();
        assertThat(ct(d + "condition: all of sel_*").matches(E)).isFalse();
        assertThat(ct(d + "condition: all of sel_n* and all of sel_s*").matches(E)).isTrue();
        assertThat(ct(d + "condition: 1 of them").matches(E)).isTrue();
        assertThat(ct(d + "condition: all of them").matches(E)).isFalse();
        assertThat(ct(d + "condition: 1 of sel_* and not 1 of filter*").matches(E)).isTrue();
        assertThat(ct(d + "condition: 1 of filter").matches(E)).isFalse();
        // 'them' leaves out identifiers starting with an underscore.
        String u = "sel:\n  eventName: DeleteTrail\n_helper:\n  userAgent: nope\n";
        assertThat(ct(u + "condition: all of them").matches(E)).isTrue();
        assertThat(ct(u + "condition: all of *").matches(E)).isFalse();
    }

    @Test
    void aListOfMapsIsAnyOfThemAndAMapIsAllOfItsFields() {
        String any = "sel:\n  - eventName: Nope\n  - userAgent|startswith: aws-cli\ncondition: sel";
        String none = "sel:\n  - eventName: Nope\n  - userAgent: nope\ncondition: sel";
        String all = "sel:\n  eventName: DeleteTrail\n  userAgent: nope\ncondition: sel";
        assertThat(ct(any).matches(E)).isTrue();
        assertThat(ct(none).matches(E)).isFalse();
        assertThat(ct(all).matches(E)).isFalse();
    }

    @Test
    void aListOfConditionsIsAnyOfThem() {
        assertThat(ct(ABC + "condition:\n  - b\n  - a and c").matches(E)).isTrue();
        assertThat(ct(ABC + "condition:\n  - b\n  - not c").matches(E)).isFalse();
    }

    @Test
    void rulesNeverMatchEventsOfAnotherFamily() {
        SigmaRule r = ct("sel:\n  eventName: '*'\ncondition: not sel");
        assertThat(r.matches(TestRules.alb("GET http://a/ HTTP/1.1", "x", 200))).isFalse();
    }
}
