package io.siemflink.parsers.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.LogType;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventJsonTest {
    @Test
    void writesNestedObjectsInSegmentOrderWhateverTheInsertionOrder() {
        Event e = new Event(LogType.VPCFLOW)
                .put("source.port", 443)
                .put("a-b", "x")
                .put("aws.vpcflow.action", "ACCEPT")
                .put("@timestamp", Timestamp.ofEpochSecond(0))
                .put("source.ip", "10.0.0.1")
                .put("a.b", 1L)
                .put("aws.vpc", true)
                .put("event.category", List.of("network"))
                .put("aws.cloudtrail.flattened.request_parameters", new RawJson("{\"k\":[1,2]}"))
                .put("x", 1.5);
        assertThat(EventJson.toJson(e)).isEqualTo("{\"@timestamp\":\"1970-01-01T00:00:00.000Z\",\"a\":{\"b\":1},\"a-b\":\"x\","
                + "\"aws\":{\"cloudtrail\":{\"flattened\":{\"request_parameters\":{\"k\":[1,2]}}},\"vpc\":true,\"vpcflow\":{\"action\":\"ACCEPT\"}},"
                + "\"event\":{\"category\":[\"network\"]},\"source\":{\"ip\":\"10.0.0.1\",\"port\":443},\"x\":1.5}");
    }

    @Test
    void putReplacesAndNullRemoves() {
        Event e = new Event(LogType.ELB).put("a.b", "1").put("a.c", "2").put("a.b", "3").put("a.c", null);
        assertThat(e.size()).isEqualTo(1);
        assertThat(EventJson.toJson(e)).isEqualTo("{\"a\":{\"b\":\"3\"}}");
        e.addDistinct(Field.of("related.ip"), "1.1.1.1").addDistinct(Field.of("related.ip"), "1.1.1.1")
                .addDistinct(Field.of("related.ip"), "::1");
        assertThat(e.get("related.ip")).isEqualTo(List.of("1.1.1.1", "::1"));
    }

    @Test
    void escapesStrings() {
        Event e = new Event(LogType.ELB).put("m", "quote\" back\\ nl\n ctl\u0001 é 😀");
        assertThat(EventJson.toJson(e)).isEqualTo("{\"m\":\"quote\\\" back\\\\ nl\\n ctl\\u0001 é 😀\"}");
    }
}
