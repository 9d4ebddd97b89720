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

    @Test
    void addAppendsAndGrowsFromAnyCapacity() {
        Event e = new Event(LogType.ELB, 0).add(Field.of("a.b"), "1").add(Field.of("a.c"), 2L);
        for (int i = 0; i < 40; i++) {
            e.add(Field.of("k.f" + i), i);
        }
        assertThat(e.size()).isEqualTo(42);
        assertThat(e.get("a.c")).isEqualTo(2L);
        assertThat(e.get("k.f39")).isEqualTo(39);
        assertThat(new Event(LogType.ELB, 0).put("x", "y").size()).isEqualTo(1);
    }

    /** Many shapes (more than the plan table holds), each written twice: the output is the nested document. */
    @Test
    void everyShapeWritesItsOwnDocument() throws Exception {
        String[] names = {"@timestamp", "a-b", "a.b", "a.c.d", "a.c.e", "aws.elb.name", "aws.elb.backend.ip",
            "aws.elb.backend.port", "aws.vpcflow.action", "b", "event.kind", "event.category", "event.start",
            "source.ip", "source.port", "url.path", "url.query", "z.y.x.w"};
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (int round = 0; round < 3000; round++) {
            java.util.List<String> shuffled = new java.util.ArrayList<>(List.of(names));
            java.util.Collections.shuffle(shuffled, new java.util.Random(r.nextLong()));
            int n = r.nextInt(names.length + 1);
            Event e = new Event(LogType.ELB);
            com.fasterxml.jackson.databind.node.ObjectNode expected = mapper.createObjectNode();
            for (String name : shuffled.subList(0, n)) {
                long v = r.nextLong(1000);
                e.add(Field.of(name), v);
                String[] p = name.split("\\.");
                com.fasterxml.jackson.databind.node.ObjectNode o = expected;
                for (int i = 0; i < p.length - 1; i++) {
                    o = o.has(p[i]) ? (com.fasterxml.jackson.databind.node.ObjectNode) o.get(p[i]) : o.putObject(p[i]);
                }
                o.put(p[p.length - 1], (int) v); // readTree gives small numbers as ints
            }
            String json = EventJson.toJson(e);
            assertThat(mapper.readTree(json)).as(json).isEqualTo(expected);
            assertThat(EventJson.toJson(e)).isEqualTo(json);
        }
    }

    @Test
    void shapeHashFollowsTheFieldSequenceThroughRemovals() {
        Field a = Field.of("a.x");
        Field b = Field.of("b.x");
        Field c = Field.of("c.x");
        Event abc = new Event(LogType.ELB).add(a, "1").put(b, "2").add(c, "3");
        abc.put(b, null);
        Event ac = new Event(LogType.ELB, 1).add(a, "1").add(c, "3");
        assertThat(abc.shapeHash()).isEqualTo(ac.shapeHash());
        assertThat(abc.put(a, "replaced").shapeHash()).isEqualTo(ac.shapeHash());
        assertThat(new Event(LogType.ELB).add(c, "3").add(a, "1").shapeHash()).isNotEqualTo(ac.shapeHash());
        assertThat(EventJson.toJson(abc)).isEqualTo("{\"a\":{\"x\":\"replaced\"},\"c\":{\"x\":\"3\"}}");
    }
}
