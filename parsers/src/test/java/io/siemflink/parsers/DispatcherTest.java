package io.siemflink.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class DispatcherTest {
    private static final String CT_KEY = "AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/"
            + "111122223333_CloudTrail_us-east-1_20240501T0800Z_Cut00000.json.gz";

    static String ct(String id, String extra) {
        return "{\"eventVersion\":\"1.08\",\"eventTime\":\"2024-05-01T08:00:00Z\",\"eventSource\":\"s3.amazonaws.com\","
                + "\"eventName\":\"GetObject\",\"eventID\":\"" + id + "\"" + extra + "}";
    }

    @Test
    void aTruncatedGzipObjectKeepsTheRecordsBeforeTheCutWhereverTheCutIs() throws Exception {
        Random random = new Random(7);
        StringBuilder noise = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            noise.append((char) ('a' + random.nextInt(26)));
        }
        String text = "{\"Records\":[" + ct("t1", "") + "," + ct("t2", ",\"padding\":\"" + noise + "\"") + "," + ct("t3", "") + "]}";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(text.getBytes(StandardCharsets.UTF_8));
        }
        byte[] gz = b.toByteArray();
        // Cuts before the sniffed head ends and after it: the first record survives either way.
        for (int cut : new int[] {gz.length / 20, gz.length / 3, gz.length * 2 / 3}) {
            CollectingSink sink = new CollectingSink();
            new Dispatcher(new Parsers(ParserOptions.defaults()), null).parseObject(
                    new ByteArrayInputStream(Arrays.copyOf(gz, cut)), SourceRef.s3("b", CT_KEY), sink);
            assertThat(sink.events).as("cut at %d of %d", cut, gz.length).extracting(e -> e.get("event.id")).containsExactly("t1");
            assertThat(sink.deadLetters).singleElement().satisfies(d -> {
                assertThat(d.reasonCode()).isEqualTo("truncated_input");
                assertThat(d.original()).isNotEmpty();
                assertThat(new String(d.original(), StandardCharsets.UTF_8)).startsWith(ct("t2", "").substring(0, 40));
            });
        }
    }
}
