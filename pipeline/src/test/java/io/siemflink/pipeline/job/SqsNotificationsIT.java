package io.siemflink.pipeline.job;

import static io.siemflink.pipeline.job.PipelineHarness.count;
import static io.siemflink.pipeline.job.PipelineHarness.events;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siemflink.parsers.CollectingSink;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.event.Event;
import io.siemflink.pipeline.config.SourceConfig;
import io.siemflink.pipeline.local.TestOpenSearch;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import io.siemflink.pipeline.opensearch.OpenSearchSettings;
import io.siemflink.pipeline.sink.BulkSettings;
import io.siemflink.pipeline.sink.IndexNames;
import io.siemflink.pipeline.sink.OpenSearchSink;
import io.siemflink.pipeline.source.TestS3;
import io.siemflink.pipeline.source.notify.FakeNotificationQueue;
import io.siemflink.pipeline.source.notify.FakeNotificationQueue.Msg;
import io.siemflink.pipeline.source.notify.QueueNotifications;
import io.siemflink.pipeline.source.objects.S3ObjectStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * S3 event notifications (raw, SNS-wrapped, EventBridge, a test event, garbage) from a fake queue, for objects in a
 * real S3 API (s3proxy), through the job on a MiniCluster into a real OpenSearch: exact documents, duplicates that
 * add nothing, every message deleted only once its objects' documents are in OpenSearch, the rest deleted at once
 * and logged.
 */
class SqsNotificationsIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String CT_0800 = S3Harness.ACCOUNT_PREFIX
            + "CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T0800Z_Ab12Cd34Ef56Gh78.json.gz";
    private static final String CT_0805 = S3Harness.ACCOUNT_PREFIX
            + "CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T0805Z_Ij90Kl12Mn34Op56.json.gz";
    private static final String VPC_0835 = S3Harness.ACCOUNT_PREFIX
            + "vpcflowlogs/us-east-1/2025/08/20/111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20250820T0835Z_3f2a1b4c.log.gz";
    private static final String VPC_0840 = S3Harness.ACCOUNT_PREFIX
            + "vpcflowlogs/us-east-1/2025/08/20/111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20250820T0840Z_9e8d7c6b.log.gz";

    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    private FakeNotificationQueue queue;
    private LogCapture logs;

    /** One object in the bucket: key, etag and what its documents must be. */
    record Obj(String key, String etag, long size, LogType type, Set<String> ids, int deadLetters, long outputs) {
    }

    /** What a message announced, and what OpenSearch held for it when it was deleted. */
    private final Map<String, List<Obj>> announced = new ConcurrentHashMap<>();
    private final Map<String, Long> presentAtDelete = new ConcurrentHashMap<>();

    @AfterEach
    void cleanUp() {
        if (queue != null) {
            queue.dispose();
        }
        if (logs != null) {
            logs.detach();
        }
    }

    @Test
    void indexesAnnouncedObjectsExactlyAndDeletesMessagesOnlyOnceIndexed() throws Exception {
        TestS3 s3 = TestS3.get();
        Path sample = S3Harness.sampleBucket();
        String bucket = s3.uniqueBucket("sqs");
        OpenSearchSettings os = OpenSearchSettings.local(TestOpenSearch.get().url());
        OpenSearchClient client = new OpenSearchClient(os);
        IndexNames names = PipelineHarness.uniqueNames("sqs");
        logs = LogCapture.attach(QueueNotifications.class.getName());

        // Objects in S3: a key with a space and a '+' (URL-encoded in S3 notifications), one of each family, a
        // plain-text one, and one whose notification names an etag the stored object does not have.
        Obj a = upload(s3, bucket, "sqs/" + CT_0800.replace("Ab12Cd34", "Ab12 Cd34+"), Files.readAllBytes(sample.resolve(CT_0800)));
        Obj b = upload(s3, bucket, "sqs/" + S3Harness.SAMPLE_ELB, Files.readAllBytes(sample.resolve(S3Harness.SAMPLE_ELB)));
        Obj c = upload(s3, bucket, "sqs/" + VPC_0835, Files.readAllBytes(sample.resolve(VPC_0835)));
        Obj d1 = upload(s3, bucket, "sqs/" + VPC_0840, Files.readAllBytes(sample.resolve(VPC_0840)));
        Obj d2 = upload(s3, bucket, "sqs/" + S3Harness.PLAIN_ELB, S3Harness.plainElb());
        Obj e = upload(s3, bucket, "sqs/" + CT_0805, Files.readAllBytes(sample.resolve(CT_0805)));
        Obj stale = new Obj(e.key(), "\"0123456789abcdef0123456789abcdef\"", e.size(), LogType.CLOUDTRAIL, Set.of(), 1, 1);

        queue = FakeNotificationQueue.create("sqs-" + System.nanoTime());
        queue.beforeDelete(m -> presentAtDelete.put(m.id, present(client, names, announced.getOrDefault(m.id, List.of()))));
        Msg raw = send(s3Event(bucket, a), a);
        Msg sns = send(sns(s3Event(bucket, b)), b);
        Msg eventBridge = send(eventBridge(bucket, c), c);
        Msg multi = send(s3Event(bucket, d1, d2), d1, d2);
        Msg duplicateInFlight = send(s3Event(bucket, a), a);
        Msg staleEtag = send(s3Event(bucket, stale), stale);
        Msg testEvent = send("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2024-05-01T08:00:00.000Z\","
                + "\"Bucket\":\"" + bucket + "\",\"RequestId\":\"5582815E1AEA5ADF\",\"HostId\":\"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE\"}");
        Msg removed = send(s3Event(bucket, "ObjectRemoved:Delete", a));
        Msg garbage = send("this is not a notification");
        Msg otherJson = send("{\"hello\":\"world\"}");

        SourceConfig src = new SourceConfig("sqs", SourceConfig.Kind.SQS, "fake", List.of(), null, true, Duration.ofMillis(200),
                null, null, null, null, null);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SiemJob.Settings s = new SiemJob.Settings(Duration.ofMillis(500), 1, names);
        SiemJob.configure(env, s);
        SiemJob.build(env, List.of(Sources.notifications(queue, new S3ObjectStore(s3.settings()), src, ParserOptions.defaults(),
                1L << 30)), () -> new OpenSearchSink(os, BulkSettings.defaults(), names), s, false);
        long t0 = System.nanoTime();
        JobClient job = env.executeAsync("sqs-notifications");
        Obj big = null;
        JobExecutionResult result;
        try {
            Map<LogType, Long> expected = expected(List.of(a, b, c, d1, d2));
            long expectedDeadLetters = a.deadLetters() + b.deadLetters() + c.deadLetters() + d1.deadLetters() + d2.deadLetters() + 1;
            awaitCounts(client, names, expected, expectedDeadLetters);
            S3Harness.await("every message deleted", Duration.ofSeconds(60),
                    () -> queue.messages().stream().allMatch(Msg::deleted));
            System.out.printf("SQS: %d messages handled, documents complete and messages deleted in %d ms%n",
                    queue.messages().size(), (System.nanoTime() - t0) / 1_000_000);

            // Each message announcing objects was deleted only when all their documents were in OpenSearch.
            for (Msg m : List.of(raw, sns, eventBridge, multi, staleEtag)) {
                assertThat(presentAtDelete.get(m.id)).as("documents present when %s was deleted", m.id)
                        .isEqualTo(expectedIds(announced.get(m.id)));
                assertThat(m.receives).isEqualTo(1);
            }
            // The duplicate (announcing an object already being read) was deleted too, and added nothing.
            assertThat(duplicateInFlight.deleted()).isTrue();
            // Messages with nothing to read: deleted at once, and logged.
            for (Msg m : List.of(testEvent, removed, garbage, otherJson)) {
                assertThat(m.deleted()).isTrue();
                assertThat(m.receives).isEqualTo(1);
                assertThat(logs.lines()).as("log of %s", m.id).anyMatch(l -> l.contains("deleting message " + m.id + ":"));
            }
            assertThat(logs.lines()).anyMatch(l -> l.contains(garbage.id) && l.contains("WARN"));
            assertThat(queue.staleDeletes()).isEmpty();

            // The object with the wrong etag was not read as another version: one dead letter says why.
            String dl = PipelineHarness.search(client, names.deadLetterPrefix() + "-*",
                    "{\"size\":100,\"query\":{\"match_all\":{}}}").toString();
            assertThat(dl).contains("object_unavailable").contains("s3://" + bucket + "/sqs/" + CT_0805);
            // The URL-encoded key with a space and a '+' was decoded and read.
            assertThat(count(client, names.prefix(LogType.CLOUDTRAIL) + "-*")).isEqualTo(a.ids().size()).isPositive();

            // A late duplicate of an object already indexed: read again, documents overwritten, none added.
            Msg late = send(sns(s3Event(bucket, b)), b);
            S3Harness.await("late duplicate deleted", Duration.ofSeconds(60), late::deleted);
            assertThat(presentAtDelete.get(late.id)).isEqualTo(b.ids().size());
            awaitCounts(client, names, expected, expectedDeadLetters);
            Map<String, S3Harness.Doc> elb = S3Harness.allDocs(client, names.prefix(LogType.ELB) + "-*");
            assertThat(b.ids()).allSatisfy(id -> assertThat(elb.get(id).version()).as("overwritten").isEqualTo(2));

            // A message whose visibility runs out while its object is read comes back with a new handle: the
            // object is read once, its documents are exact, the message ends deleted.
            byte[] bigBytes = S3Harness.vpcFlowLines(5000, 1755780000L);
            big = upload(s3, bucket, "sqs/" + S3Harness.LARGE_VPC.replace(".log.gz", ".log"), bigBytes);
            Msg redelivered = send(s3Event(bucket, big), true, big);
            expected.merge(LogType.VPCFLOW, (long) big.ids().size(), Long::sum);
            awaitCounts(client, names, expected, expectedDeadLetters);
            S3Harness.await("redelivered message deleted", Duration.ofSeconds(60), redelivered::deleted);
            assertThat(redelivered.receives).isEqualTo(2);
            assertThat(S3Harness.allDocs(client, names.prefix(LogType.VPCFLOW) + "-*").values())
                    .allSatisfy(doc -> assertThat(doc.version()).isEqualTo(1));
        } finally {
            // Ends the unbounded job with its accumulators.
            job.stopWithSavepoint(false, tmp.toUri().toString(), SavepointFormatType.CANONICAL).get();
            result = job.getJobExecutionResult().get();
        }
        // Fault (d), the same object notified twice: the duplicate in flight was not read again; the late duplicate
        // was (its documents overwritten, above); the redelivered message's object was read once.
        PipelineHarness.Totals totals = PipelineHarness.Totals.of(result);
        System.out.println(totals.line("fault (d) duplicate S3 notifications"));
        assertThat(totals.read()).isEqualTo(a.outputs() + 2 * b.outputs() + c.outputs() + d1.outputs() + d2.outputs()
                + stale.outputs() + big.outputs());
        assertThat(totals.addsUp()).isTrue();
        assertThat(totals.deadLetters()).isEqualTo(a.deadLetters() + 2L * b.deadLetters() + c.deadLetters()
                + d1.deadLetters() + d2.deadLetters() + 1 + big.deadLetters());
    }

    private Obj upload(TestS3 s3, String bucket, String key, byte[] bytes) throws Exception {
        CollectingSink truth = S3Harness.parse(key, bytes);
        String etag = s3.put(bucket, key, bytes);
        Set<String> ids = new HashSet<>();
        LogType type = null;
        for (Event e : truth.events) {
            ids.add(e.id());
            type = e.type();
        }
        return new Obj(key, etag, bytes.length, type, ids, truth.deadLetters.size(), truth.total());
    }

    private Msg send(String body, Obj... objects) {
        return send(body, false, objects);
    }

    private Msg send(String body, boolean redeliverOnce, Obj... objects) {
        // Register before sending: the job may delete it at once.
        String id = "msg-" + (queue.messages().size() + 1);
        announced.put(id, List.of(objects));
        Msg m = queue.send(body, redeliverOnce);
        assertThat(m.id).isEqualTo(id);
        return m;
    }

    private static long expectedIds(List<Obj> objects) {
        return objects.stream().mapToLong(o -> o.ids().size()).sum();
    }

    /** How many of the announced objects' documents are searchable now. */
    private static long present(OpenSearchClient client, IndexNames names, List<Obj> objects) {
        long n = 0;
        try {
            for (Obj o : objects) {
                if (!o.ids().isEmpty()) {
                    n += S3Harness.countIds(client, names.prefix(o.type()) + "-*", o.ids());
                }
            }
            return n;
        } catch (Exception e) {
            return -1;
        }
    }

    private static Map<LogType, Long> expected(List<Obj> objects) {
        Map<LogType, Long> m = new EnumMap<>(LogType.class);
        for (LogType t : LogType.values()) {
            m.put(t, 0L);
        }
        for (Obj o : objects) {
            if (o.type() != null) {
                m.merge(o.type(), (long) o.ids().size(), Long::sum);
            }
        }
        return m;
    }

    private static void awaitCounts(OpenSearchClient client, IndexNames names, Map<LogType, Long> expected, long deadLetters)
            throws Exception {
        S3Harness.await("counts " + expected + " and " + deadLetters + " dead letters", Duration.ofSeconds(120), () -> {
            for (LogType t : LogType.values()) {
                if (S3Harness.countQuietly(client, names.prefix(t) + "-*") != expected.get(t)) {
                    return false;
                }
            }
            return S3Harness.countQuietly(client, names.deadLetterPrefix() + "-*") == deadLetters;
        });
        for (LogType t : LogType.values()) {
            assertThat(count(client, names.prefix(t) + "-*")).as(t.id()).isEqualTo(expected.get(t));
        }
    }

    // --- notification bodies in the forms AWS delivers ---

    static String s3Event(String bucket, Obj... objects) {
        return s3Event(bucket, "ObjectCreated:Put", objects);
    }

    static String s3Event(String bucket, String eventName, Obj... objects) {
        ObjectNode root = PipelineHarness.JSON.createObjectNode();
        ArrayNode records = root.putArray("Records");
        for (Obj o : objects) {
            ObjectNode r = records.addObject();
            r.put("eventVersion", "2.1").put("eventSource", "aws:s3").put("awsRegion", "us-east-1")
                    .put("eventTime", "2024-05-01T08:05:12.345Z").put("eventName", eventName);
            r.putObject("userIdentity").put("principalId", "AWS:AIDAEXAMPLE");
            ObjectNode s3 = r.putObject("s3");
            s3.put("s3SchemaVersion", "1.0").put("configurationId", "siem-logs");
            s3.putObject("bucket").put("name", bucket).put("arn", "arn:aws:s3:::" + bucket);
            s3.putObject("object").put("key", s3UrlEncode(o.key())).put("size", o.size()).put("eTag", unquote(o.etag()))
                    .put("sequencer", "0066320B3A3B8B5E4F");
        }
        return root.toString();
    }

    /** S3 event keys: form-encoded (space as '+'), slashes kept. */
    static String s3UrlEncode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    static String unquote(String etag) {
        return etag.replace("\"", "");
    }

    static String sns(String message) {
        ObjectNode n = PipelineHarness.JSON.createObjectNode();
        n.put("Type", "Notification").put("MessageId", "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324")
                .put("TopicArn", "arn:aws:sns:us-east-1:111122223333:s3-logs").put("Subject", "Amazon S3 Notification")
                .put("Message", message).put("Timestamp", "2024-05-01T08:05:13.000Z").put("SignatureVersion", "1");
        return n.toString();
    }

    static String eventBridge(String bucket, Obj o) {
        ObjectNode n = PipelineHarness.JSON.createObjectNode();
        n.put("version", "0").put("id", "17793124-05d4-b198-2fde-7ededc63b103").put("detail-type", "Object Created")
                .put("source", "aws.s3").put("account", "111122223333").put("time", "2025-08-20T08:40:00Z").put("region", "us-east-1");
        n.putArray("resources").add("arn:aws:s3:::" + bucket);
        ObjectNode d = n.putObject("detail");
        d.put("version", "0");
        d.putObject("bucket").put("name", bucket);
        d.putObject("object").put("key", o.key()).put("size", o.size()).put("etag", unquote(o.etag())).put("sequencer", "00617F08299329D189");
        d.put("request-id", "N4N7GDK58NMKJ12R").put("requester", "111122223333").put("reason", "PutObject");
        return n.toString();
    }
}
