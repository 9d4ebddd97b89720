package io.siemflink.pipeline.source.kinesis;

import static io.siemflink.pipeline.source.kinesis.KinesisSamples.ACCOUNT;
import static io.siemflink.pipeline.source.kinesis.KinesisSamples.LOG_GROUP;
import static io.siemflink.pipeline.source.kinesis.KinesisSamples.cloudTrail;
import static io.siemflink.pipeline.source.kinesis.KinesisSamples.envelope;
import static io.siemflink.pipeline.source.kinesis.KinesisSamples.gzip;
import static io.siemflink.pipeline.source.kinesis.KinesisSamples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.DeadLetter;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.SourceRef;
import io.siemflink.parsers.event.DocIds;
import io.siemflink.parsers.event.Event;
import io.siemflink.pipeline.model.ParseOutput;
import io.siemflink.pipeline.model.ParseOutputTypeInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.core.SdkBytes;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Record;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.Test;

class KinesisRecordParserTest {
    private static final String ARN = "arn:aws:kinesis:us-east-1:" + ACCOUNT + ":stream/siem-mixed";
    private static final String SHARD = "shardId-000000000001";
    private static final String SEQ = "49651234567890123456789012345678901234567890123456789012";

    private final KinesisRecordParser detecting = new KinesisRecordParser(null, ParserOptions.defaults());

    private static List<ParseOutput> parse(KinesisRecordParser p, byte[] data) {
        List<ParseOutput> out = new ArrayList<>();
        p.parse(data, ARN, SHARD, SEQ, out::add);
        return out;
    }

    private static Collector<ParseOutput> into(List<ParseOutput> out) {
        return new Collector<>() {
            @Override
            public void collect(ParseOutput record) {
                out.add(record);
            }

            @Override
            public void close() {
            }
        };
    }

    private static List<Event> events(List<ParseOutput> out) {
        return out.stream().filter(o -> o.event() != null).map(ParseOutput::event).toList();
    }

    @Test
    void rawCloudTrailEventIsDetectedAndKeyedByItsEventId() {
        List<ParseOutput> out = parse(detecting, utf8(cloudTrail("3b4a6f5e-0001", "2024-05-01T12:00:00Z", "ListBuckets")));

        assertThat(out).hasSize(1);
        Event e = out.get(0).event();
        assertThat(e.type()).isEqualTo(LogType.CLOUDTRAIL);
        assertThat(e.timestamp()).hasToString("2024-05-01T12:00:00.000Z");
        assertThat(e.get("cloud.account.id")).isEqualTo(ACCOUNT);
        assertThat(e.get("event.action")).isEqualTo("ListBuckets");
        assertThat(e.id()).isEqualTo(DocIds.of(LogType.CLOUDTRAIL, "3b4a6f5e-0001"));
    }

    @Test
    void gzipEnvelopeFansOutIntoItsLogEventsTaggedWithTheLogGroup() {
        String env = envelope(ACCOUNT, LOG_GROUP, ACCOUNT + "_CloudTrail_us-east-1", List.of(
                cloudTrail("ev-1", "2024-05-01T12:00:01Z", "GetObject"),
                cloudTrail("ev-2", "2024-05-01T12:00:02Z", "PutObject"),
                cloudTrail("ev-3", "2024-05-01T12:00:03Z", "DeleteObject")));

        List<ParseOutput> gz = parse(detecting, gzip(env));
        List<ParseOutput> plain = parse(detecting, utf8(env));

        assertThat(gz).hasSize(3).allMatch(o -> o.event() != null);
        List<Event> ev = events(gz);
        assertThat(ev).extracting(Event::id).containsExactly(DocIds.of(LogType.CLOUDTRAIL, "ev-1"),
                DocIds.of(LogType.CLOUDTRAIL, "ev-2"), DocIds.of(LogType.CLOUDTRAIL, "ev-3"));
        assertThat(ev).extracting(e -> e.get("aws.cloudwatch.log_group")).containsOnly(LOG_GROUP);
        assertThat(ev).extracting(e -> e.get("aws.cloudwatch.id")).containsExactly("37991000", "37991001", "37991002");
        assertThat(ev.get(1).timestamp()).hasToString("2024-05-01T12:00:02.000Z");
        // A plain (not gzip) envelope is the same data.
        assertThat(events(plain)).extracting(Event::id).isEqualTo(ev.stream().map(Event::id).toList());
    }

    @Test
    void controlMessageIsACountedSkip() {
        List<ParseOutput> out = parse(detecting, gzip(KinesisSamples.controlMessage()));

        assertThat(out).hasSize(1);
        assertThat(out.get(0).skip().reason()).isEqualTo("cloudwatch_control_message");
        assertThat(out.get(0).skip().source().name()).isEqualTo("kinesis://siem-mixed/" + SHARD + "/" + SEQ);
    }

    @Test
    void garbageIsOneDeadLetterNamingTheExactRecord() {
        byte[] junk = KinesisSamples.garbage();
        List<ParseOutput> out = parse(detecting, junk);

        assertThat(out).hasSize(1);
        DeadLetter d = out.get(0).deadLetter();
        assertThat(d.reasonCode()).isEqualTo("invalid_utf8");
        assertThat(d.original()).isEqualTo(junk);
        assertThat(d.source().name()).isEqualTo("kinesis://siem-mixed/shardId-000000000001/" + SEQ);
    }

    @Test
    void textOfNoKnownTypeIsADeadLetterWhenTheStreamHasNoConfiguredType() {
        List<ParseOutput> out = parse(detecting, utf8("hello from a misrouted producer"));

        assertThat(out).singleElement().satisfies(o -> assertThat(o.deadLetter().reasonCode()).isEqualTo("unknown_type"));
    }

    @Test
    void corruptGzipIsADeadLetter() {
        byte[] gz = gzip(envelope(ACCOUNT, LOG_GROUP, "s", List.of(cloudTrail("x", "2024-05-01T12:00:00Z", "A"))));
        byte[] cut = java.util.Arrays.copyOf(gz, gz.length / 2);

        assertThat(parse(detecting, cut)).singleElement().satisfies(o -> assertThat(o.deadLetter()).isNotNull());
    }

    @Test
    void kplAggregatedRecordsAreDeadLetteredNotMisparsed() {
        byte[] kpl = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2, 0x0A, 0x01, 0x41};

        assertThat(parse(detecting, kpl)).singleElement()
                .satisfies(o -> assertThat(o.deadLetter().reasonCode()).isEqualTo("kpl_aggregated"));
    }

    @Test
    void aParserFailureReplacesThePartialOutputWithOneDeadLetter() {
        KinesisRecordParser p = new KinesisRecordParser(LogType.CLOUDTRAIL, ParserOptions.defaults());
        byte[] data = utf8("{\"Records\":[...]}");
        List<ParseOutput> out = new ArrayList<>();

        p.parseGuarded(data, SourceRef.of("kinesis://s/shardId-0/1"), sink -> {
            sink.event(new Event(LogType.CLOUDTRAIL).id("half"));
            throw new IllegalStateException("boom");
        }, out::add);

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.deadLetter().reason()).isEqualTo("parser_error: java.lang.IllegalStateException: boom");
            assertThat(o.deadLetter().type()).isEqualTo(LogType.CLOUDTRAIL);
            assertThat(o.deadLetter().original()).isEqualTo(data);
        });
    }

    @Test
    void aReplayOfTheSameRecordYieldsTheSameIds() {
        byte[] env = gzip(envelope(ACCOUNT, LOG_GROUP, "s", List.of(cloudTrail("r-1", "2024-05-01T12:00:00Z", "A"),
                cloudTrail("r-2", "2024-05-01T12:00:00Z", "B"))));
        KinesisRecordParser other = new KinesisRecordParser(null, ParserOptions.defaults());

        assertThat(events(parse(detecting, env))).extracting(Event::id)
                .isEqualTo(events(parse(other, env)).stream().map(Event::id).toList())
                .doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void deserializesConnectorRecordsAfterAJavaSerializationRoundTrip() throws Exception {
        KinesisRecordParser shipped = InstantiationUtil.clone(
                new KinesisRecordParser(LogType.CLOUDTRAIL, ParserOptions.defaults().withKeepOriginal(true)));
        assertThat(shipped.logType()).isEqualTo(LogType.CLOUDTRAIL);
        assertThat(shipped.parserOptions().keepOriginal()).isTrue();
        shipped.open(context(new HashMap<>()));
        Record r = Record.builder().data(SdkBytes.fromByteArray(utf8(cloudTrail("k-1", "2024-05-01T12:00:00Z", "A"))))
                .sequenceNumber(SEQ).partitionKey("pk").approximateArrivalTimestamp(Instant.now()).build();
        List<ParseOutput> out = new ArrayList<>();

        shipped.deserialize(r, ARN, SHARD, into(out));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.event().id()).isEqualTo(DocIds.of(LogType.CLOUDTRAIL, "k-1"));
            assertThat(o.event().original()).contains("\"eventID\":\"k-1\"");
        });
        assertThat(shipped.getProducedType()).isSameAs(ParseOutputTypeInfo.INSTANCE);
    }

    /** A metric group that keeps the gauges registered in it (and in its subgroups, flattened). */
    private static DeserializationSchema.InitializationContext context(Map<String, Gauge<?>> gauges) {
        MetricGroup group = new UnregisteredMetricsGroup() {
            @Override
            public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
                gauges.put(name, gauge);
                return gauge;
            }

            @Override
            public MetricGroup addGroup(String name) {
                return this;
            }
        };
        return new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return group;
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return SimpleUserCodeClassLoader.create(KinesisRecordParserTest.class.getClassLoader());
            }
        };
    }

    @Test
    void reportsHowLongTheNewestRecordWaitedAndHowOldItsNewestEventIs() throws Exception {
        Map<String, Gauge<?>> gauges = new HashMap<>();
        KinesisRecordParser p = new KinesisRecordParser(null, ParserOptions.defaults());
        p.open(context(gauges));
        assertThat(gauges.get("readLagMs").getValue()).isEqualTo(0L);
        assertThat(gauges.get("eventTimeLagMs").getValue()).isEqualTo(0L);

        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String older = now.minusSeconds(7200).toString();
        String newer = now.minusSeconds(3600).toString();
        byte[] env = gzip(envelope(ACCOUNT, LOG_GROUP, "s", List.of(cloudTrail("l-1", newer, "A"), cloudTrail("l-2", older, "B"))));
        Record r = Record.builder().data(SdkBytes.fromByteArray(env)).sequenceNumber(SEQ).partitionKey("pk")
                .approximateArrivalTimestamp(now.minusSeconds(300)).build();
        List<ParseOutput> out = new ArrayList<>();
        p.deserialize(r, ARN, SHARD, into(out));

        assertThat(events(out)).hasSize(2);
        // the newest event of the record counts, not the last one
        assertThat((Long) gauges.get("eventTimeLagMs").getValue()).isBetween(3_600_000L, 3_660_000L);
        long readLag = (Long) gauges.get("readLagMs").getValue();
        long eventLag = (Long) gauges.get("eventTimeLagMs").getValue();
        assertThat(readLag).isBetween(300_000L, 360_000L);
        // the read lag is fixed when the record is read: a quiet stream does not make it grow; the event's age does
        Thread.sleep(1_100);
        assertThat(gauges.get("readLagMs").getValue()).isEqualTo(readLag);
        assertThat((Long) gauges.get("eventTimeLagMs").getValue()).isGreaterThanOrEqualTo(eventLag + 1_000L);
    }

    @Test
    void streamNameComesFromTheArn() {
        assertThat(KinesisRecordParser.streamName(ARN)).isEqualTo("siem-mixed");
        assertThat(KinesisRecordParser.streamName("plain")).isEqualTo("plain");
    }
}
