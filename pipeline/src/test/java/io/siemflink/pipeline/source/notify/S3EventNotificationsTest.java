package io.siemflink.pipeline.source.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.siemflink.pipeline.source.objects.ObjectRef;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The notification forms AWS delivers, as documented (examples follow the AWS documentation's samples). */
class S3EventNotificationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String record(String eventName, String bucket, String key, String etag, long size) {
        return "{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
                + "\"eventTime\":\"2024-05-01T08:05:12.345Z\",\"eventName\":\"" + eventName + "\","
                + "\"userIdentity\":{\"principalId\":\"AWS:AIDAEXAMPLE\"},\"requestParameters\":{\"sourceIPAddress\":\"203.0.113.9\"},"
                + "\"s3\":{\"s3SchemaVersion\":\"1.0\",\"configurationId\":\"logs\",\"bucket\":{\"name\":\"" + bucket
                + "\",\"ownerIdentity\":{\"principalId\":\"A3NL1KOZZKExample\"},\"arn\":\"arn:aws:s3:::" + bucket + "\"},"
                + "\"object\":{\"key\":\"" + key + "\",\"size\":" + size + (etag == null ? "" : ",\"eTag\":\"" + etag + "\"")
                + ",\"sequencer\":\"0055AED6DCD90281E5\"}}}";
    }

    private static String records(String... records) {
        return "{\"Records\":[" + String.join(",", records) + "]}";
    }

    @Test
    void rawS3EventWithUrlEncodedKeysAndQuotedEtags() throws IOException {
        List<ObjectRef> refs = S3EventNotifications.objects(records(
                record("ObjectCreated:Put", "logs", "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/a+b%2Bc%20d.json.gz",
                        "0123456789abcdef0123456789abcdef", 1024),
                record("ObjectCreated:CompleteMultipartUpload", "logs", "prefix%2Fwith%2Fencoded%2Fslashes/%C3%A9t%C3%A9.log",
                        "d41d8cd98f00b204e9800998ecf8427e-2", 5)));
        assertThat(refs).hasSize(2);
        ObjectRef a = refs.get(0);
        assertThat(a.bucket()).isEqualTo("logs");
        // '+' is a space in S3's form encoding; %2B is a literal '+'.
        assertThat(a.key()).isEqualTo("AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/a b+c d.json.gz");
        assertThat(a.etag()).isEqualTo("\"0123456789abcdef0123456789abcdef\"");
        assertThat(a.size()).isEqualTo(1024);
        assertThat(a.lastModified()).isEqualTo(Instant.parse("2024-05-01T08:05:12.345Z").toEpochMilli());
        ObjectRef b = refs.get(1);
        assertThat(b.key()).isEqualTo("prefix/with/encoded/slashes/été.log");
        assertThat(b.etag()).isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e-2\"");
    }

    @Test
    void anAlreadyQuotedEtagStaysAsItIsAndAMissingOneIsNull() throws IOException {
        assertThat(S3EventNotifications.objects(records(record("ObjectCreated:Put", "b", "k", "\\\"abc\\\"", 1))).get(0).etag())
                .isEqualTo("\"abc\"");
        assertThat(S3EventNotifications.objects(records(record("ObjectCreated:Put", "b", "k", null, 1))).get(0).etag()).isNull();
        assertThat(S3EventNotifications.objects(records(record("ObjectCreated:Put", "b", "k", "", 1))).get(0).etag()).isNull();
    }

    @Test
    void nonCreateRecordsAnnounceNothing() throws IOException {
        assertThat(S3EventNotifications.objects(records(
                record("ObjectRemoved:Delete", "b", "k1", "e", 1),
                record("ObjectRestore:Completed", "b", "k2", "e", 1),
                record("ObjectCreated:Copy", "b", "k3", "e", 1)))).extracting(ObjectRef::key).containsExactly("k3");
    }

    @Test
    void snsWrappedEventIsUnwrapped() throws IOException {
        String inner = records(record("ObjectCreated:Put", "logs", "AWSLogs/x/y%3Dz.log", "abc", 7));
        String sns = JSON.writeValueAsString(Map.of("Type", "Notification", "MessageId", "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
                "TopicArn", "arn:aws:sns:us-east-1:111122223333:s3-logs", "Subject", "Amazon S3 Notification",
                "Message", inner, "Timestamp", "2024-05-01T08:05:13.000Z"));
        List<ObjectRef> refs = S3EventNotifications.objects(sns);
        assertThat(refs).singleElement().satisfies(r -> {
            assertThat(r.bucket()).isEqualTo("logs");
            assertThat(r.key()).isEqualTo("AWSLogs/x/y=z.log");
            assertThat(r.etag()).isEqualTo("\"abc\"");
        });
        // An S3 test event fanned out through SNS announces nothing (and is no error).
        String test = JSON.writeValueAsString(Map.of("Type", "Notification", "Message",
                "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"logs\"}"));
        assertThat(S3EventNotifications.objects(test)).isEmpty();
    }

    @Test
    void eventBridgeObjectCreatedKeysAreNotUrlDecoded() throws IOException {
        String eb = "{\"version\":\"0\",\"id\":\"17793124-05d4-b198-2fde-7ededc63b103\",\"detail-type\":\"Object Created\","
                + "\"source\":\"aws.s3\",\"account\":\"111122223333\",\"time\":\"2021-11-12T00:00:00Z\",\"region\":\"ca-central-1\","
                + "\"resources\":[\"arn:aws:s3:::example-bucket\"],\"detail\":{\"version\":\"0\",\"bucket\":{\"name\":\"example-bucket\"},"
                + "\"object\":{\"key\":\"logs/a+b %2B.log\",\"size\":5,\"etag\":\"b1946ac92492d2347c6235b4d2611184\","
                + "\"sequencer\":\"00617F08299329D189\"},\"request-id\":\"N4N7GDK58NMKJ12R\",\"requester\":\"123456789012\","
                + "\"source-ip-address\":\"1.2.3.4\",\"reason\":\"PutObject\"}}";
        assertThat(S3EventNotifications.objects(eb)).singleElement().satisfies(r -> {
            assertThat(r.bucket()).isEqualTo("example-bucket");
            assertThat(r.key()).isEqualTo("logs/a+b %2B.log");
            assertThat(r.etag()).isEqualTo("\"b1946ac92492d2347c6235b4d2611184\"");
            assertThat(r.size()).isEqualTo(5);
            assertThat(r.lastModified()).isEqualTo(Instant.parse("2021-11-12T00:00:00Z").toEpochMilli());
        });
        assertThat(S3EventNotifications.objects(eb.replace("Object Created", "Object Deleted"))).isEmpty();
    }

    @Test
    void testEventAnnouncesNothing() throws IOException {
        assertThat(S3EventNotifications.objects("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\","
                + "\"Time\":\"2014-10-13T15:57:02.089Z\",\"Bucket\":\"bucketname\",\"RequestId\":\"5582815E1AEA5ADF\","
                + "\"HostId\":\"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE\"}")).isEmpty();
    }

    @Test
    void garbageIsAnError() {
        assertThatThrownBy(() -> S3EventNotifications.objects("not json")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> S3EventNotifications.objects("[1,2]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> S3EventNotifications.objects("{\"hello\":\"world\"}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> S3EventNotifications.objects("")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> S3EventNotifications.objects(records(
                "{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{}}}")))
                .isInstanceOf(IOException.class).hasMessageContaining("without bucket or key");
    }
}
