package io.siemflink.detect.sigma;

import static io.siemflink.detect.sigma.TestRules.FIREWALL;
import static io.siemflink.detect.sigma.TestRules.WEBSERVER;
import static io.siemflink.detect.sigma.TestRules.alb;
import static io.siemflink.detect.sigma.TestRules.cloudtrail;
import static io.siemflink.detect.sigma.TestRules.ct;
import static io.siemflink.detect.sigma.TestRules.rule;
import static io.siemflink.detect.sigma.TestRules.vpc;
import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.cloudtrail.CloudTrailParser;
import io.siemflink.parsers.event.Event;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Sigma value semantics and every modifier, one at a time, on events from the real parsers. */
class SigmaModifiersTest {
    private static final Event STOP = cloudtrail("\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventName\":\"StopLogging\","
            + "\"sourceIPAddress\":\"10.1.2.3\",\"userAgent\":\"aws-cli/2.15.0 Python/3.11 *star* -enc x\","
            + "\"userIdentity\":{\"type\":\"AssumedRole\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/aws:ec2-instance/i-0abc\","
            + "\"userName\":\"alice\",\"accountId\":\"111122223333\"},"
            + "\"requestParameters\":{\"name\":\"main-trail\",\"userName\":\"alice\",\"count\":3,"
            + "\"containerDefinitions\":[{\"command\":[\"sh\",\"-c\",\"curl $AWS_CONTAINER_CREDENTIALS_RELATIVE_URI\"]},{\"command\":[\"true\"]}]},"
            + "\"responseElements\":{\"publiclyAccessible\":true}");
    private static final Event FAILED = cloudtrail("\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventName\":\"StopLogging\","
            + "\"sourceIPAddress\":\"2001:db8:1::5\",\"errorCode\":\"AccessDenied\",\"userAgent\":\"Boto3/1.34\","
            + "\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/bob\",\"userName\":\"bob\"}");

    private static boolean m(String detection, Event e) {
        return ct(detection).matches(e);
    }

    @Test
    void plainValuesMatchWholeValuesIgnoringCase() {
        assertThat(m("sel:\n  eventName: stoplogging\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  eventName: StopLog\ncondition: sel", STOP)).isFalse();
        assertThat(m("sel:\n  eventSource: CLOUDTRAIL.amazonaws.com\ncondition: sel", STOP)).isTrue();
    }

    @Test
    void wildcardsAndEscapes() {
        assertThat(m("sel:\n  eventName: 'Stop*ing'\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  eventName: 'StopLoggin?'\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  eventName: 'StopLog?'\ncondition: sel", STOP)).isFalse();
        assertThat(m("sel:\n  eventName: '*Log*'\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  eventName: 's*g*g'\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  eventName: 'Stop*Stop'\ncondition: sel", STOP)).isFalse();
        assertThat(m("sel:\n  eventName: 'StopLogging*g'\ncondition: sel", STOP)).isFalse();
        assertThat(m("sel:\n  eventName: '*o*o*'\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  eventName: '*o*o*o*'\ncondition: sel", STOP)).isFalse();
        assertThat(m("sel:\n  eventName: 'S?o*g'\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  userAgent|contains: '\\*star\\*'\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  userAgent|contains: '\\*start\\*'\ncondition: sel", STOP)).isFalse();
        // An escaped star is a literal star, not a wildcard.
        assertThat(m("sel:\n  userAgent|contains: 'aws-cli\\*'\ncondition: sel", STOP)).isFalse();
    }

    @Test
    void valueListsAreAnyOfAndAllMakesThemAllOf() {
        assertThat(m("sel:\n  eventName: [DeleteTrail, StopLogging]\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  eventName: [DeleteTrail, UpdateTrail]\ncondition: sel", STOP)).isFalse();
        assertThat(m("sel:\n  userAgent|contains|all: [aws-cli, Python]\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  userAgent|contains|all: [aws-cli, Ruby]\ncondition: sel", STOP)).isFalse();
    }

    @Test
    void containsStartswithEndswith() {
        assertThat(m("sel:\n  userAgent|contains: 'python/3'\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  userAgent|startswith: 'AWS-CLI/'\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  userAgent|startswith: 'Python'\ncondition: sel", STOP)).isFalse();
        assertThat(m("sel:\n  userAgent|endswith: '-ENC X'\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  userAgent|endswith: 'aws-cli'\ncondition: sel", STOP)).isFalse();
    }

    @Test
    void casedMakesMatchingCaseSensitive() {
        assertThat(m("sel:\n  eventName|cased: StopLogging\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  eventName|cased: stoplogging\ncondition: sel", STOP)).isFalse();
        assertThat(m("sel:\n  userAgent|contains|cased: 'PYTHON'\ncondition: sel", STOP)).isFalse();
    }

    @Test
    void nullMeansAbsentAndEmptyStringToo() {
        assertThat(m("sel:\n  errorCode: null\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  errorCode: null\ncondition: sel", FAILED)).isFalse();
        assertThat(m("sel:\n  errorCode: ''\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  errorCode: [null, Success]\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  errorCode: [null, AccessDenied]\ncondition: sel", FAILED)).isTrue();
    }

    @Test
    void regexIsCaseSensitiveUnanchoredJavaRegexWithFlags() {
        assertThat(m("sel:\n  userIdentity.arn|re: '.+:assumed-role/aws:.+'\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  userIdentity.arn|re: '.+:assumed-role/aws:.+'\ncondition: sel", FAILED)).isFalse();
        assertThat(m("sel:\n  eventName|re: 'logging'\ncondition: sel", STOP)).isFalse();
        assertThat(m("sel:\n  eventName|re|i: 'logging'\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  eventName|re: '^Stop'\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  userAgent|re|s: 'cli.*enc'\ncondition: sel", STOP)).isTrue();
    }

    @Test
    void cidrMatchesIpv4AndIpv6Networks() {
        assertThat(m("sel:\n  sourceIPAddress|cidr: 10.0.0.0/8\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  sourceIPAddress|cidr: 10.1.2.0/30\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  sourceIPAddress|cidr: 10.1.2.4/30\ncondition: sel", STOP)).isFalse();
        assertThat(m("sel:\n  sourceIPAddress|cidr: [192.168.0.0/16, 10.0.0.0/9]\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  sourceIPAddress|cidr: '2001:db8::/32'\ncondition: sel", FAILED)).isTrue();
        assertThat(m("sel:\n  sourceIPAddress|cidr: '2001:db8:2::/48'\ncondition: sel", FAILED)).isFalse();
        assertThat(m("sel:\n  sourceIPAddress|cidr: '2001:db8::/32'\ncondition: sel", STOP)).isFalse();
        assertThat(rule(FIREWALL, "sel:\n  dst_ip|cidr: 172.16.0.0/12\ncondition: sel")
                .matches(vpc("10.0.0.5", "172.20.1.1", 5555, 443, "ACCEPT"))).isTrue();
    }

    @Test
    void fieldrefComparesTwoFieldsOfTheEvent() {
        assertThat(m("sel:\n  requestParameters.userName|fieldref: userIdentity.userName\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  requestParameters.name|fieldref: userIdentity.userName\ncondition: sel", STOP)).isFalse();
        // The other field absent: no match.
        assertThat(m("sel:\n  requestParameters.userName|fieldref: userIdentity.userName\ncondition: sel", FAILED)).isFalse();
        assertThat(m("sel:\n  userIdentity.arn|fieldref|endswith: userIdentity.userName\ncondition: sel", FAILED)).isTrue();
        assertThat(m("sel:\n  userIdentity.arn|fieldref|contains: userIdentity.userName\ncondition: sel", STOP)).isFalse();
    }

    @Test
    void existsTellsPresentFromAbsent() {
        assertThat(m("sel:\n  errorCode|exists: true\ncondition: sel", FAILED)).isTrue();
        assertThat(m("sel:\n  errorCode|exists: true\ncondition: sel", STOP)).isFalse();
        assertThat(m("sel:\n  errorCode|exists: false\ncondition: sel", STOP)).isTrue();
    }

    @Test
    void numericComparisonsAndNumbersAgainstNumericFields() {
        Event notFound = alb("GET http://shop.example.com:80/x HTTP/1.1", "curl/8.0", 404);
        assertThat(rule(WEBSERVER, "sel:\n  sc-status: 404\ncondition: sel").matches(notFound)).isTrue();
        assertThat(rule(WEBSERVER, "sel:\n  sc-status: '404'\ncondition: sel").matches(notFound)).isTrue();
        assertThat(rule(WEBSERVER, "sel:\n  sc-status: 40\ncondition: sel").matches(notFound)).isFalse();
        assertThat(rule(WEBSERVER, "sel:\n  sc-status|gte: 400\ncondition: sel").matches(notFound)).isTrue();
        assertThat(rule(WEBSERVER, "sel:\n  sc-status|gt: 404\ncondition: sel").matches(notFound)).isFalse();
        assertThat(rule(WEBSERVER, "sel:\n  sc-status|lt: 500\ncondition: sel").matches(notFound)).isTrue();
        assertThat(rule(WEBSERVER, "sel:\n  sc-status|lte: 403\ncondition: sel").matches(notFound)).isFalse();
        assertThat(rule(WEBSERVER, "sel:\n  sc-status: '4*'\ncondition: sel").matches(notFound)).isTrue();
        // Numbers inside request parameters (raw JSON numbers).
        assertThat(m("sel:\n  requestParameters.count|gt: 2\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  requestParameters.count: 3\ncondition: sel", STOP)).isTrue();
    }

    @Test
    void longListsOfNumbersMatchAsEachNumberWould() {
        // four or more integer literals become one set (Matchers.NumberSet): same answers as one by one
        Event flow = vpc("10.0.0.5", "10.0.0.9", 40000, 3306, "ACCEPT");
        String ports = "sel:\n  dst_port: [8080, 21, 80, 3306, 1433]\ncondition: sel";
        assertThat(rule(FIREWALL, ports).matches(flow)).isTrue();
        assertThat(rule(FIREWALL, ports).matches(vpc("10.0.0.5", "10.0.0.9", 40000, 3307, "ACCEPT"))).isFalse();
        assertThat(rule(FIREWALL, "sel:\n  dst_port: [1, 2, 4, 5, 3306]\ncondition: sel").matches(flow)).isTrue();
        // mixed with a text value and a wildcard, which stay matchers of their own
        assertThat(rule(FIREWALL, "sel:\n  dst_port: [1, 2, 4, 5, '33*']\ncondition: sel").matches(flow)).isTrue();
        assertThat(rule(FIREWALL, "sel:\n  dst_port: [1, 2, 4, 5, '3*7']\ncondition: sel").matches(flow)).isFalse();
        // out of order in the rule: the set sorts them (a binary search over the rule's order would miss 22)
        Event ssh = vpc("10.0.0.5", "10.0.0.9", 40000, 22, "ACCEPT");
        assertThat(rule(FIREWALL, "sel:\n  dst_port: [9000, 8000, 7000, 6000, 22]\ncondition: sel").matches(ssh)).isTrue();
        // a numeric field (sc-status), text fields (cs-method, accountId) and a raw JSON number (count)
        Event notFound = alb("GET http://shop.example.com:80/x HTTP/1.1", "curl/8.0", 404);
        assertThat(rule(WEBSERVER, "sel:\n  sc-status: [400, 401, 403, 404]\ncondition: sel").matches(notFound)).isTrue();
        assertThat(rule(WEBSERVER, "sel:\n  sc-status: [400, 401, 403, 405]\ncondition: sel").matches(notFound)).isFalse();
        assertThat(rule(WEBSERVER, "sel:\n  cs-method: [1, 2, 3, 4]\ncondition: sel").matches(notFound)).isFalse();
        assertThat(m("sel:\n  requestParameters.count: [1, 2, 3, 4]\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  requestParameters.count: [1, 2, 4, 5]\ncondition: sel", STOP)).isFalse();
        assertThat(m("sel:\n  userIdentity.accountId: [1, 2, 4, 111122223333]\ncondition: sel", STOP)).isTrue();
        // absent: no number matches it
        assertThat(m("sel:\n  requestParameters.missing: [1, 2, 3, 4]\ncondition: sel", STOP)).isFalse();
        assertThat(m("sel:\n  requestParameters.missing: [1, 2, 3, 4]\ncondition: not sel", STOP)).isTrue();
    }

    @Test
    void keywordsSearchTheRecordText() {
        Event git = alb("GET http://shop.example.com:80/.git/config HTTP/1.1", "curl/8.0", 403);
        assertThat(rule(WEBSERVER, "keywords:\n  - '.git/'\ncondition: keywords").matches(git)).isTrue();
        assertThat(rule(WEBSERVER, "keywords:\n  - '.svn/'\ncondition: keywords").matches(git)).isFalse();
        assertThat(rule(WEBSERVER, "keywords:\n  '|all':\n    - '.GIT/'\n    - 'CURL/8'\ncondition: keywords").matches(git)).isTrue();
        assertThat(rule(WEBSERVER, "keywords:\n  '|all':\n    - '.git/'\n    - 'wget'\ncondition: keywords").matches(git)).isFalse();
        assertThat(ct("keywords: 'main-trail'\ncondition: keywords").matches(STOP)).isTrue();
    }

    @Test
    void base64AndBase64offsetAndWide() {
        String whoami = Base64.getEncoder().encodeToString("whoami".getBytes(StandardCharsets.UTF_8));
        Event e = cloudtrail("\"eventName\":\"X\",\"userAgent\":\"run " + whoami + " now\"");
        assertThat(m("sel:\n  userAgent|base64|contains: whoami\ncondition: sel", e)).isTrue();
        assertThat(m("sel:\n  userAgent|base64: whoami\ncondition: sel", e)).isFalse();
        // The same word at another byte offset of an encoded text: only base64offset finds it.
        String shifted = Base64.getEncoder().encodeToString("x whoami y".getBytes(StandardCharsets.UTF_8));
        Event s = cloudtrail("\"eventName\":\"X\",\"userAgent\":\"" + shifted + "\"");
        assertThat(m("sel:\n  userAgent|base64|contains: whoami\ncondition: sel", s)).isFalse();
        assertThat(m("sel:\n  userAgent|base64offset|contains: whoami\ncondition: sel", s)).isTrue();
        String wide = Base64.getEncoder().encodeToString("whoami".getBytes(StandardCharsets.UTF_16LE));
        Event w = cloudtrail("\"eventName\":\"X\",\"userAgent\":\"" + wide + "\"");
        assertThat(m("sel:\n  userAgent|wide|base64|contains: whoami\ncondition: sel", w)).isTrue();
        assertThat(m("sel:\n  userAgent|base64|contains: whoami\ncondition: sel", w)).isFalse();
    }

    @Test
    void windashAlsoMatchesSlashAndUnicodeDashes() {
        Event slash = cloudtrail("\"eventName\":\"X\",\"userAgent\":\"tool /enc abc\"");
        Event dash = cloudtrail("\"eventName\":\"X\",\"userAgent\":\"tool \u2013enc abc\"");
        assertThat(m("sel:\n  userAgent|windash|contains: ' -enc '\ncondition: sel", slash)).isTrue();
        assertThat(m("sel:\n  userAgent|windash|contains: ' -enc '\ncondition: sel", dash)).isTrue();
        assertThat(m("sel:\n  userAgent|contains: ' -enc '\ncondition: sel", slash)).isFalse();
    }

    @Test
    void nestedParametersAreReadFromTheFlattenedObjectOrTheRawRecord() {
        assertThat(m("sel:\n  requestParameters.name: main-trail\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  requestParameters.containerDefinitions.command|contains: '$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  responseElements.publiclyAccessible: 'true'\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  requestParameters|contains: '\"name\":\"main-trail\"'\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  userIdentity.accountId: '111122223333'\ncondition: sel", STOP)).isTrue();

        // Parameters longer than the parser keeps as an object: read from the record itself.
        CollectingSink sink = new CollectingSink();
        String big = "x".repeat(400);
        new CloudTrailParser(new ParserOptions(null, ParserOptions.defaults().maxRecordBytes(), 256, false)).parseRecord(
                "{\"eventTime\":\"2024-05-01T12:00:00Z\",\"eventID\":\"big\",\"eventName\":\"PutBucketPolicy\","
                        + "\"requestParameters\":{\"bucketName\":\"b1\",\"policy\":\"" + big + "\"}}", SourceRef.of("x"), 0, sink);
        Event cut = sink.events.get(0);
        assertThat(cut.get("aws.cloudtrail.flattened.request_parameters")).isNull();
        assertThat(m("sel:\n  requestParameters.bucketName: b1\ncondition: sel", cut)).isTrue();
    }

    @Test
    void mappedNamesAndAbsentFields() {
        assertThat(m("sel:\n  status: success\ncondition: sel", STOP)).isTrue();
        assertThat(m("sel:\n  status: success\ncondition: sel", FAILED)).isFalse();
        Event get = alb("GET http://shop.example.com:80/a.aspx?q=1 HTTP/1.1", "Mozilla/5.0", 200);
        // ALB logs have no referrer: null always matches, a value never does.
        assertThat(rule(WEBSERVER, "sel:\n  cs-referer: null\n  cs-method: GET\ncondition: sel").matches(get)).isTrue();
        assertThat(rule(WEBSERVER, "sel:\n  cs-referer: '*'\ncondition: sel").matches(get)).isFalse();
        assertThat(rule(WEBSERVER, "sel:\n  cs-uri-query|contains: '/a.aspx?q='\n  cs-uri-stem: /a.aspx\n  c-ip: 203.0.113.45\ncondition: sel")
                .matches(get)).isTrue();
        Event flow = vpc("10.0.0.5", "10.0.0.9", 40000, 23, "ACCEPT");
        assertThat(rule(FIREWALL, "sel:\n  dst_port: [21, 23]\n  action: accept\n  protocol: tcp\ncondition: sel").matches(flow)).isTrue();
        assertThat(rule(FIREWALL, "sel:\n  blocked: 'false'\ncondition: sel").matches(flow)).isFalse();
        assertThat(rule(FIREWALL, "sel:\n  dst_port: 23\n  action: reject\ncondition: sel").matches(flow)).isFalse();
    }
}
