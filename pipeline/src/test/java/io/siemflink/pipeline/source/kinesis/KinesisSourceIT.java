package io.siemflink.pipeline.source.kinesis;

import static io.siemflink.pipeline.source.kinesis.KinesisSamples.ACCOUNT;
import static io.siemflink.pipeline.source.kinesis.KinesisSamples.LOG_GROUP;
import static io.siemflink.pipeline.source.kinesis.KinesisSamples.cloudTrail;
import static io.siemflink.pipeline.source.kinesis.KinesisSamples.envelope;
import static io.siemflink.pipeline.source.kinesis.KinesisSamples.gzip;
import static io.siemflink.pipeline.source.kinesis.KinesisSamples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.event.DocIds;
import io.siemflink.parsers.event.Event;
import io.siemflink.pipeline.model.ParseOutput;
import io.siemflink.pipeline.model.ParseOutputTypeInfo;
import io.siemflink.pipeline.source.kinesis.KinesisSourceSettings.InitialPosition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * The Kinesis source end to end: records put into a real kinesis-mock server, read by the FLIP-27 connector in a
 * Flink MiniCluster, parsed by {@link KinesisRecordParser}, collected through {@link ParseOutputTypeInfo}'s serializer.
 */
class KinesisSourceIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String SUFFIX = Long.toString(System.currentTimeMillis(), 36);
    private static final String VPC = "siem-vpc-" + SUFFIX;
    private static final String MIXED = "siem-mixed-" + SUFFIX;

    private static KinesisMock mock;
    /** What each stream's records must yield, from parsing the same bytes with the same shard and sequence names. */
    private static final List<ParseOutput> expectedVpc = new ArrayList<>();
    private static final List<ParseOutput> expectedMixed = new ArrayList<>();

    @BeforeAll
    static void putRecords() throws Exception {
        long t0 = System.nanoTime();
        mock = KinesisMock.get();
        System.out.printf("kinesis-mock pid %d on %s, up in %d ms (first use in this JVM: %d ms)%n", mock.pid(),
                mock.endpoint(), mock.startTime().toMillis(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));

        // Flow logs put by a producer as raw lines (the stream's type is configured), and flow logs delivered by a
        // CloudWatch Logs subscription.
        List<byte[]> vpc = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            vpc.add(utf8(KinesisSamples.vpcFlow(49152 + i, 1714564800L + i)));
        }
        vpc.add(gzip(envelope(ACCOUNT, "/aws/vpc/flow-logs", "eni-0a1b2c3d4e5f60718-all",
                List.of(KinesisSamples.vpcFlow(50000, 1714564900L), KinesisSamples.vpcFlow(50001, 1714564901L)))));

        // A detect-the-type stream: raw CloudTrail events, CloudTrail via CloudWatch Logs, a control message, junk.
        List<byte[]> mixed = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            mixed.add(utf8(cloudTrail("raw-" + i, "2024-05-01T12:00:0" + i + "Z", "ListBuckets")));
        }
        mixed.add(gzip(KinesisSamples.controlMessage()));
        mixed.add(gzip(envelope(ACCOUNT, LOG_GROUP, ACCOUNT + "_CloudTrail_us-east-1", List.of(
                cloudTrail("cw-1", "2024-05-01T12:01:01Z", "GetObject"),
                cloudTrail("cw-2", "2024-05-01T12:01:02Z", "PutObject"),
                cloudTrail("cw-3", "2024-05-01T12:01:03Z", "DeleteObject")))));
        mixed.add(KinesisSamples.garbage());
        mixed.add(gzip(envelope(ACCOUNT, LOG_GROUP, ACCOUNT + "_CloudTrail_us-east-1", List.of(
                cloudTrail("cw-4", "2024-05-01T12:02:01Z", "AssumeRole"),
                cloudTrail("cw-5", "2024-05-01T12:02:02Z", "ConsoleLogin")))));

        String vpcArn = mock.createStream(VPC, 1);
        String mixedArn = mock.createStream(MIXED, 2);
        expect(expectedVpc, LogType.VPCFLOW, vpcArn, vpc, mock.putAll(VPC, vpc));
        expect(expectedMixed, null, mixedArn, mixed, mock.putAll(MIXED, mixed));
        System.out.printf("streams created and %d records put in %d ms%n", vpc.size() + mixed.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private static void expect(List<ParseOutput> into, LogType type, String arn, List<byte[]> records,
                               List<PutRecordsResultEntry> put) {
        KinesisRecordParser direct = new KinesisRecordParser(type, ParserOptions.defaults());
        for (int i = 0; i < records.size(); i++) {
            direct.parse(records.get(i), arn, put.get(i).shardId(), put.get(i).sequenceNumber(), into::add);
        }
    }

    private static List<ParseOutput> readAll(int expected) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().disableGenericTypes();
        Map<String, String> overrides = new HashMap<>(
                KinesisSources.staticCredentials(KinesisMock.ACCESS_KEY, KinesisMock.SECRET_KEY));
        // The enumerator hands out shards only on a discovery round: one that runs before the reader registers
        // leaves them unassigned until the next round, 10 s later by default.
        overrides.put("flink.shard.discovery.intervalmillis", "500");
        DataStream<ParseOutput> vpc = env.fromSource(KinesisSources.create(settings(VPC, LogType.VPCFLOW), overrides),
                WatermarkStrategy.noWatermarks(), "kinesis-vpc", ParseOutputTypeInfo.INSTANCE);
        DataStream<ParseOutput> mixed = env.fromSource(KinesisSources.create(settings(MIXED, null), overrides),
                WatermarkStrategy.noWatermarks(), "kinesis-mixed", ParseOutputTypeInfo.INSTANCE);
        // The streams are unbounded: stop after the expected count (the class timeout guards a short read).
        return vpc.union(mixed).executeAndCollect("kinesis-it", expected);
    }

    private static KinesisSourceSettings settings(String stream, LogType type) {
        return new KinesisSourceSettings(KinesisMock.streamArn(stream), null, mock.endpoint(),
                InitialPosition.TRIM_HORIZON, null, type, ParserOptions.defaults());
    }

    /** What identifies an output: an event by type, id and time; a dead letter or skip by reason, record and bytes. */
    private static String signature(ParseOutput o) {
        if (o.event() != null) {
            Event e = o.event();
            return "event " + e.type() + " " + e.id() + " " + e.timestamp();
        }
        if (o.deadLetter() != null) {
            return "dead " + o.deadLetter().reason() + " " + o.deadLetter().source().name() + " "
                    + Arrays.toString(o.deadLetter().original());
        }
        return "skip " + o.skip().reason() + " " + o.skip().source().name();
    }

    private static Map<String, Long> multiset(List<ParseOutput> outs) {
        return outs.stream().collect(Collectors.groupingBy(KinesisSourceIT::signature, Collectors.counting()));
    }

    private static String stream(ParseOutput o) {
        String name = o.event() != null ? null : (o.deadLetter() != null ? o.deadLetter().source() : o.skip().source()).name();
        if (name != null) {
            return KinesisRecordParser.streamName(name.substring("kinesis://".length(), name.indexOf('/', "kinesis://".length())));
        }
        return o.event().type() == LogType.CLOUDTRAIL ? MIXED : VPC;
    }

    @Test
    @Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void readsParsesAndAccountsForEveryRecord() throws Exception {
        int total = expectedVpc.size() + expectedMixed.size();
        long t0 = System.nanoTime();
        List<ParseOutput> got = readAll(total);
        System.out.printf("first read: %d outputs in %d ms%n", got.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));

        Map<String, List<ParseOutput>> byStream = got.stream().collect(Collectors.groupingBy(KinesisSourceIT::stream));
        List<ParseOutput> mixed = byStream.getOrDefault(MIXED, List.of());
        List<ParseOutput> vpc = byStream.getOrDefault(VPC, List.of());

        // The detecting stream: 3 raw events + 3 + 2 enveloped events, 1 control message skipped, 1 junk record.
        assertThat(mixed.stream().filter(o -> o.event() != null)).hasSize(8);
        assertThat(mixed.stream().filter(o -> o.deadLetter() != null)).hasSize(1);
        assertThat(mixed.stream().filter(o -> o.skip() != null)).hasSize(1);
        assertThat(multiset(mixed)).isEqualTo(multiset(expectedMixed));

        Map<String, Event> events = mixed.stream().filter(o -> o.event() != null).map(ParseOutput::event)
                .collect(Collectors.toMap(e -> e.getString("event.id"), Function.identity()));
        assertThat(events).containsOnlyKeys("raw-1", "raw-2", "raw-3", "cw-1", "cw-2", "cw-3", "cw-4", "cw-5");
        events.forEach((eventId, e) -> {
            assertThat(e.id()).isEqualTo(DocIds.of(LogType.CLOUDTRAIL, eventId));
            assertThat(e.get("cloud.account.id")).isEqualTo(ACCOUNT);
        });
        assertThat(events.get("raw-2").timestamp()).hasToString("2024-05-01T12:00:02.000Z");
        assertThat(events.get("raw-2").has(io.siemflink.parsers.event.Ecs.AWS_CLOUDWATCH_LOG_GROUP)).isFalse();
        assertThat(events.get("cw-5").timestamp()).hasToString("2024-05-01T12:02:02.000Z");
        assertThat(events.get("cw-5").get("aws.cloudwatch.log_group")).isEqualTo(LOG_GROUP);
        assertThat(events.get("cw-5").get("aws.cloudwatch.id")).isEqualTo("37991001");
        ParseOutput junk = mixed.stream().filter(o -> o.deadLetter() != null).findFirst().orElseThrow();
        assertThat(junk.deadLetter().reasonCode()).isEqualTo("invalid_utf8");
        assertThat(junk.deadLetter().original()).isEqualTo(KinesisSamples.garbage());
        assertThat(junk.deadLetter().source().name()).matches("kinesis://" + MIXED + "/shardId-00000000000[01]/\\d+");
        assertThat(mixed.stream().filter(o -> o.skip() != null).findFirst().orElseThrow().skip().reason())
                .isEqualTo("cloudwatch_control_message");

        // The flow-log stream yields exactly what its parser makes of the same records.
        assertThat(multiset(vpc)).isEqualTo(multiset(expectedVpc));
        // 4 raw lines + an envelope of 2.
        List<Event> flows = vpc.stream().map(ParseOutput::event).toList();
        assertThat(flows).hasSize(6).doesNotContainNull();
        assertThat(flows).extracting(Event::id).doesNotHaveDuplicates()
                .contains(DocIds.of(LogType.VPCFLOW, KinesisSamples.vpcFlow(49152, 1714564800L)));
        assertThat(flows).extracting(e -> e.get("cloud.account.id")).containsOnly(ACCOUNT);
        // A flow record's time is its end (start + 60 s here).
        assertThat(flows).extracting(e -> String.valueOf(e.timestamp()))
                .contains("2024-05-01T12:01:00.000Z", "2024-05-01T12:02:40.000Z");
        assertThat(flows).filteredOn(e -> e.has(io.siemflink.parsers.event.Ecs.AWS_CLOUDWATCH_LOG_GROUP))
                .extracting(e -> e.get("aws.cloudwatch.log_group")).containsExactly("/aws/vpc/flow-logs", "/aws/vpc/flow-logs");
    }

    @Test
    @Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void readingTheStreamsAgainYieldsTheSameDocumentIds() throws Exception {
        int total = expectedVpc.size() + expectedMixed.size();
        List<ParseOutput> first = readAll(total);
        long t0 = System.nanoTime();
        List<ParseOutput> replay = readAll(total);
        System.out.printf("replay read: %d outputs in %d ms%n", replay.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));

        // A replay (restart from TRIM_HORIZON, restore from an older checkpoint) overwrites the same documents.
        assertThat(multiset(replay)).isEqualTo(multiset(first));
        List<String> ids = replay.stream().filter(o -> o.event() != null).map(o -> o.event().id()).toList();
        assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(first.stream().filter(o -> o.event() != null).map(o -> o.event().id()))
                .containsExactlyInAnyOrderElementsOf(ids);
        Map<String, Long> counts = new HashMap<>();
        replay.forEach(o -> counts.merge(o.event() != null ? "event" : o.deadLetter() != null ? "dead" : "skip", 1L, Long::sum));
        assertThat(counts.get("skip")).isEqualTo(1L);
    }
}
