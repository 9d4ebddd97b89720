package io.siemflink.parsers.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.LogType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Event#copy()}: equal fields in the same order, nothing mutable shared. */
class EventCopyTest {
    private static Event sample() {
        Event e = new Event(LogType.VPCFLOW, 4);
        e.id("abc").original("2 111122223333 eni-1 ...").position(7);
        e.add(Field.of("source.ip"), "198.51.100.7");
        e.add(Field.of("destination.port"), 22L);
        e.add(Field.of("related.ip"), new ArrayList<>(List.of("198.51.100.7", "10.0.1.5")));
        e.add(Field.of("aws.raw"), new RawJson("{\"a\":1}"));
        for (int i = 0; i < 40; i++) { // past the initial capacity: the arrays grew
            e.add(Field.of("test.f" + i), "v" + i);
        }
        return e;
    }

    @Test
    void theCopyHasTheSameFieldsInTheSameOrderAndWritesTheSameJson() {
        Event e = sample();
        Event c = e.copy();
        assertThat(c.type()).isEqualTo(LogType.VPCFLOW);
        assertThat(c.id()).isEqualTo("abc");
        assertThat(c.original()).isEqualTo(e.original());
        assertThat(c.position()).isEqualTo(7);
        assertThat(c.size()).isEqualTo(e.size());
        for (int i = 0; i < e.size(); i++) {
            assertThat(c.fieldAt(i)).isSameAs(e.fieldAt(i));
            assertThat(c.valueAt(i)).isEqualTo(e.valueAt(i));
        }
        assertThat(c.shapeHash()).isEqualTo(e.shapeHash());
        assertThat(EventJson.toJson(c)).isEqualTo(EventJson.toJson(e));
    }

    @Test
    void changingTheCopyLeavesTheOriginalAlone() {
        Event e = sample();
        Event c = e.copy();
        @SuppressWarnings("unchecked")
        List<Object> related = (List<Object>) c.get(Field.of("related.ip"));
        related.add("203.0.113.9");
        c.put(Field.of("destination.port"), 23L);
        c.add(Field.of("network.community_id"), "1:xyz");
        c.remove(Field.of("source.ip"));
        assertThat(e.get(Field.of("related.ip"))).isEqualTo(List.of("198.51.100.7", "10.0.1.5"));
        assertThat(e.getLong(Field.of("destination.port"))).isEqualTo(22L);
        assertThat(e.get(Field.of("network.community_id"))).isNull();
        assertThat(e.getString(Field.of("source.ip"))).isEqualTo("198.51.100.7");
        assertThat(e.size()).isEqualTo(44);
        assertThat(c.size()).isEqualTo(44); // one added, one removed
    }
}
