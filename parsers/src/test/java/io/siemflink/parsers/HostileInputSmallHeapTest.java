package io.siemflink.parsers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.siemflink.parsers.event.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile inputs of hundreds of megabytes, generated as streams, through the {@link Dispatcher} in a JVM with a
 * 256 MB heap (the {@code small-heap} surefire execution): each ends as the right dead letters and events, the good
 * records around it survive, and the heap stays bounded. Peak heap per case is printed (and checked) for the record.
 */
class HostileInputSmallHeapTest {
    private static final String CT_KEY = "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/"
            + "111122223333_CloudTrail_us-east-1_20240501T0800Z_Hostile0.json.gz";
    private static final String VPC_KEY = "AWSLogs/111122223333/vpcflowlogs/us-east-1/2025/08/20/"
            + "111122223333_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20250820T0835Z_hostile0.log.gz";
    private static final String VPC_LINE = "2 123456789012 eni-0b1c2d3e4f5a6b7c8 10.1.0.1 203.0.113.1 1024 443 6 1 40"
            + " 1755766800 1755766830 ACCEPT OK";
    private static final long MB = 1024 * 1024;
    /** What any case may use at its peak, far below what its input would need if it were buffered. */
    private static final long PEAK_LIMIT = 200 * MB;
    private static final List<String> FIGURES = new ArrayList<>();

    @BeforeAll
    static void runsInASmallHeap() {
        // Only the small-heap execution runs these (a -Dtest filter also hands them to the default one: skipped there).
        assumeTrue(Boolean.getBoolean("siem.small-heap"), "runs in the small-heap surefire execution");
        assertThat(Runtime.getRuntime().maxMemory()).as("max heap").isLessThanOrEqualTo(300 * MB);
    }

    @AfterAll
    static void printFigures() {
        FIGURES.forEach(System.out::println);
    }

    static String ct(String eventId, String extra) {
        return "{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-05-01T10:00:00Z\",\"eventSource\":\"s3.amazonaws.com\","
                + "\"eventName\":\"GetObject\",\"eventID\":\"" + eventId + "\"" + extra + "}";
    }

    /** A stream of parts, each a byte sequence repeated some number of times: hundreds of MB, never in memory. */
    static final class Generated extends InputStream {
        private final List<byte[]> parts = new ArrayList<>();
        private final List<Long> repeats = new ArrayList<>();
        private int part;
        private long left;
        private int pos;

        Generated add(String s) {
            return add(s.getBytes(StandardCharsets.UTF_8), 1);
        }

        Generated add(String s, long times) {
            return add(s.getBytes(StandardCharsets.UTF_8), times);
        }

        Generated add(byte[] b, long times) {
            parts.add(b);
            repeats.add(times);
            if (parts.size() == 1) {
                left = times;
            }
            return this;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = 0;
            while (n < len && part < parts.size()) {
                byte[] p = parts.get(part);
                if (left == 0 || p.length == 0) {
                    part++;
                    pos = 0;
                    left = part < parts.size() ? repeats.get(part) : 0;
                    continue;
                }
                int k = Math.min(len - n, p.length - pos);
                System.arraycopy(p, pos, b, off + n, k);
                n += k;
                pos += k;
                if (pos == p.length) {
                    pos = 0;
                    left--;
                }
            }
            return n == 0 ? -1 : n;
        }
    }

    private static CollectingSink parse(String name, Dispatcher d, String key, InputStream in) throws IOException {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long t0 = System.nanoTime();
        CollectingSink sink = new CollectingSink();
        d.parseObject(in, SourceRef.s3("hostile", key), sink);
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        FIGURES.add(String.format("hostile input %-28s %5d ms, peak heap %4d MB (max %d MB): %d events, %d dead letters %s",
                name, (System.nanoTime() - t0) / 1_000_000, peak / MB, Runtime.getRuntime().maxMemory() / MB,
                sink.events.size(), sink.deadLetters.size(), sink.deadLetters.stream().map(DeadLetter::reasonCode).toList()));
        assertThat(peak).as("peak heap of " + name).isLessThan(PEAK_LIMIT);
        return sink;
    }

    private static Dispatcher dispatcher(long maxObjectBytes) {
        return new Dispatcher(new Parsers(ParserOptions.defaults()), null, maxObjectBytes);
    }

    private static List<String> eventIds(CollectingSink s) {
        return s.events.stream().map(e -> (String) e.get("event.id")).toList();
    }

    @Test
    void aGzipBombStopsAtTheDecompressedCapAndTheNextObjectIsRead() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz, 1 << 16)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 1024; i++) {
                out.write(zeros); // 1 GiB of zeros
            }
        }
        Dispatcher d = dispatcher(64 * MB);
        CollectingSink bomb = parse("gzip bomb 1 GiB (" + gz.size() / 1024 + " KiB)", d, VPC_KEY,
                new ByteArrayInputStream(gz.toByteArray()));
        assertThat(bomb.events).isEmpty();
        assertThat(bomb.deadLetters).singleElement().satisfies(dl -> {
            assertThat(dl.reason()).contains("too_large: decompressed size exceeds the limit of " + 64 * MB);
            assertThat(dl.originalLength()).isBetween(60 * MB, 64 * MB);
            assertThat(dl.original()).hasSize(DeadLetter.MAX_ORIGINAL_BYTES).containsOnly((byte) 0);
        });
        CollectingSink next = parse("object after the bomb", d, VPC_KEY, new Generated().add(VPC_LINE + "\n"));
        assertThat(next.events).hasSize(1);
    }

    @Test
    void aHalfGigabyteLineIsOneDeadLetterBetweenGoodLines() throws IOException {
        CollectingSink s = parse("512 MiB line", dispatcher(Dispatcher.DEFAULT_MAX_OBJECT_BYTES), VPC_KEY, new Generated()
                .add(VPC_LINE + "\n").add("x", 512 * MB).add("\n" + VPC_LINE.replace("1024", "1025") + "\n"));
        assertThat(s.events).hasSize(2);
        assertThat(s.deadLetters).singleElement().satisfies(dl -> {
            assertThat(dl.reasonCode()).isEqualTo("too_long");
            assertThat(dl.originalLength()).isEqualTo(512 * MB);
            assertThat(dl.line()).isEqualTo(2);
        });
    }

    @Test
    void aHugeRecordInADeliveredFileIsOneDeadLetterAndTheRecordsAroundItSurvive() throws IOException {
        String head = "{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-05-01T10:00:01Z\",\"eventID\":\"huge\"";
        CollectingSink s = parse("300 MiB record, small fields", dispatcher(Dispatcher.DEFAULT_MAX_OBJECT_BYTES), CT_KEY,
                new Generated().add("{\"Records\":[" + ct("before", "") + ",").add(head)
                        .add(",\"padding\":12345", 300 * MB / 16).add("}," + ct("after", "") + "]}"));
        assertThat(eventIds(s)).containsExactly("before", "after");
        assertThat(s.deadLetters).singleElement().satisfies(dl -> {
            assertThat(dl.reasonCode()).isEqualTo("too_long");
            assertThat(dl.originalLength()).isEqualTo(head.length() + 300 * MB / 16 * 16 + 1);
            assertThat(dl.original()).hasSize(DeadLetter.MAX_ORIGINAL_BYTES);
            assertThat(new String(dl.original(), 0, head.length(), StandardCharsets.UTF_8)).isEqualTo(head);
        });
    }

    @Test
    void hugeRequestParametersAreCutOffAtTheRecordCapWithoutBeingCopied() throws IOException {
        String head = ct("params", ",\"requestParameters\":{\"k0\":\"v\"").replaceAll("}$", "");
        String unit = ",\"key\":\"value-value-value\",\"list\":[1,2,3]";
        long times = 300 * MB / unit.length();
        CollectingSink s = parse("300 MiB requestParameters", dispatcher(Dispatcher.DEFAULT_MAX_OBJECT_BYTES), CT_KEY,
                new Generated().add("{\"Records\":[" + ct("before", "") + ",").add(head).add(unit, times)
                        .add("}}," + ct("after", "") + "]}"));
        assertThat(eventIds(s)).containsExactly("before", "after");
        assertThat(s.deadLetters).singleElement().satisfies(dl -> {
            assertThat(dl.reasonCode()).isEqualTo("too_long");
            assertThat(dl.originalLength()).isEqualTo(head.length() + unit.length() * times + 2);
            assertThat(new String(dl.original(), 0, head.length(), StandardCharsets.UTF_8)).isEqualTo(head);
        });
    }

    @Test
    void aRecordWithAHundredThousandFieldsIsIndexedWithItsParametersCapped() throws IOException {
        StringBuilder params = new StringBuilder("{");
        StringBuilder top = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            String name = Integer.toString(i, 36);
            params.append(i > 0 ? "," : "").append('"').append(name).append("\":1");
            top.append(",\"u").append(name).append("\":1");
        }
        params.append('}');
        String inParams = ct("fields-params", ",\"requestParameters\":" + params);
        String atTop = ct("fields-top", top.toString());
        assertThat(inParams.length()).isLessThan(1 << 20);
        CollectingSink s = parse("100,000 fields", dispatcher(Dispatcher.DEFAULT_MAX_OBJECT_BYTES), CT_KEY,
                new Generated().add("{\"Records\":[" + inParams + "," + atTop + "]}"));
        assertThat(s.deadLetters).isEmpty();
        assertThat(eventIds(s)).containsExactly("fields-params", "fields-top");
        Event e = s.events.get(0);
        // Kept as a capped keyword, not as an object: no index can be flooded with 100,000 field names.
        assertThat((String) e.get("aws.cloudtrail.request_parameters")).hasSize(ParserOptions.DEFAULT_MAX_PARAMETER_CHARS)
                .startsWith("{\"0\":1,\"1\":1,");
        assertThat(e.get("aws.cloudtrail.flattened.request_parameters")).isNull();
        assertThat(s.events.get(1).size()).isLessThan(40);
    }

    @Test
    void jsonLimitsTurnDeepNestingAndLongValuesIntoDeadLetters() throws IOException {
        Dispatcher d = dispatcher(Dispatcher.DEFAULT_MAX_OBJECT_BYTES);
        // One record per line: each bad line is one dead letter, the good line after it an event.
        String good = ct("good", "");
        CollectingSink lines = parse("limits, one record per line", d, CT_KEY, new Generated()
                .add(ct("deep", ",\"requestParameters\":" + "[".repeat(5000) + "]".repeat(5000)) + "\n")
                .add(ct("number", ",\"requestParameters\":{\"n\":" + "9".repeat(5000) + "}") + "\n")
                .add(ct("name", ",\"requestParameters\":{\"" + "n".repeat(20_000) + "\":1}") + "\n")
                .add(good + "\n"));
        assertThat(eventIds(lines)).containsExactly("good");
        assertThat(lines.deadLetters).extracting(DeadLetter::reasonCode).containsExactly("invalid_json", "invalid_json",
                "invalid_json");
        assertThat(lines.deadLetters.get(0).reason()).contains("nesting depth").contains("100");
        assertThat(lines.deadLetters.get(1).reason()).contains("Number value length").contains("256");
        assertThat(lines.deadLetters.get(2).reason()).contains("Name length").contains("16384");
        assertThat(lines.deadLetters).extracting(DeadLetter::line).containsExactly(1L, 2L, 3L);

        // In a delivered file a JSON error ends the input: the records before it survive, the rest is one dead
        // letter, read through to the end without being kept.
        CollectingSink deep = parse("1,000,000 levels in a file", d, CT_KEY, new Generated()
                .add("{\"Records\":[" + good + "," + ct("deep", ",\"requestParameters\":").replaceAll("}$", "")).add("[", 1_000_000)
                .add("]", 1_000_000).add("}]}"));
        assertThat(eventIds(deep)).containsExactly("good");
        assertThat(deep.deadLetters).singleElement().satisfies(dl -> {
            assertThat(dl.reason()).startsWith("invalid_json").contains("nesting depth");
            assertThat(dl.originalLength()).isGreaterThan(2_000_000);
        });
        CollectingSink string = parse("200 MiB string in a file", d, CT_KEY, new Generated()
                .add("{\"Records\":[" + good + ",{\"eventTime\":\"2024-05-01T10:00:00Z\",\"eventName\":\"")
                .add("A", 200 * MB).add("\"}]}"));
        assertThat(eventIds(string)).containsExactly("good");
        assertThat(string.deadLetters).singleElement().satisfies(dl -> {
            assertThat(dl.reason()).startsWith("invalid_json").contains("String value length");
            assertThat(dl.originalLength()).isGreaterThan(200 * MB);
        });
    }

    @Test
    void nonUtf8BytesAreDeadLettersWithTheirBytes() throws IOException {
        byte[] bad = {'2', ' ', (byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, ' ', 'x'};
        CollectingSink s = parse("non-UTF-8 line", dispatcher(Dispatcher.DEFAULT_MAX_OBJECT_BYTES), VPC_KEY,
                new Generated().add(VPC_LINE + "\n").add(bad, 1).add("\n" + VPC_LINE.replace("1024", "1026") + "\n"));
        assertThat(s.events).hasSize(2);
        assertThat(s.deadLetters).singleElement().satisfies(dl -> {
            assertThat(dl.reasonCode()).isEqualTo("invalid_utf8");
            assertThat(dl.original()).isEqualTo(bad);
        });
    }

    @Test
    void anEnvelopeLargerThanItsCapIsADeadLetter() throws IOException {
        String message = "{\"id\":\"1\",\"timestamp\":1714564800000,\"message\":\"" + VPC_LINE + "\"},";
        CollectingSink s = parse("100 MiB CloudWatch envelope", dispatcher(Dispatcher.DEFAULT_MAX_OBJECT_BYTES),
                "firehose/2024/05/01/delivery-1", new Generated()
                        .add("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"111122223333\",\"logGroup\":\"g\",\"logStream\":\"s\","
                                + "\"subscriptionFilters\":[\"f\"],\"logEvents\":[")
                        .add(message, 100 * MB / message.length()).add(message.replaceAll(",$", "") + "]}"));
        assertThat(s.events).isEmpty();
        assertThat(s.deadLetters).singleElement().satisfies(dl -> assertThat(dl.reason())
                .startsWith("too_large: a CloudWatch Logs envelope larger than"));
    }
}
