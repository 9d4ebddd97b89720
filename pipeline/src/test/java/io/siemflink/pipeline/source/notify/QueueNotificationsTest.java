package io.siemflink.pipeline.source.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.LogType;
import io.siemflink.pipeline.source.objects.ObjectSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keeping received messages invisible while their objects wait, against the fake queue's visibility clock. Each
 * round is what the enumerator does: upkeep for the live notifications, then a receive.
 */
class QueueNotificationsTest {
    private static final Duration VISIBILITY = Duration.ofMillis(600);
    private final FakeNotificationQueue queue = FakeNotificationQueue.create("visibility-" + System.nanoTime());

    @AfterEach
    void dispose() {
        queue.dispose();
    }

    private static String created(String key) {
        return "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2024-05-01T08:00:00.000Z\","
                + "\"s3\":{\"bucket\":{\"name\":\"logs\"},\"object\":{\"key\":\"" + key + "\",\"size\":10,\"eTag\":\"e1\"}}}]}";
    }

    private QueueNotifications notifications() {
        return new QueueNotifications(queue, LogType.CLOUDTRAIL, Duration.ofSeconds(1), VISIBILITY);
    }

    /** Rounds 50 ms apart for {@code d}, with these notifications live; returns what they found. */
    private static List<ObjectSplit> rounds(QueueNotifications n, Duration d, List<String> live) throws Exception {
        List<ObjectSplit> found = new ArrayList<>();
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            n.maintain(live);
            found.addAll(n.discover(Boolean.TRUE).splits());
            Thread.sleep(50);
        }
        return found;
    }

    @Test
    void liveMessagesStayInvisibleUntilAcknowledgedAndTheRestLapse() throws Exception {
        FakeNotificationQueue.Msg a = queue.send(created("a.json.gz"));
        FakeNotificationQueue.Msg b = queue.send(created("b.json.gz"));
        QueueNotifications n = notifications();
        assertThat(n.interval()).isEqualTo(VISIBILITY.dividedBy(4)); // rounds often enough for the upkeep
        List<ObjectSplit> first = n.discover(n.initialState()).splits();
        assertThat(first).hasSize(2);
        List<String> live = new ArrayList<>(List.of(first.get(0).notification(), first.get(1).notification()));

        // four visibility timeouts while the objects are still being read: nothing comes back
        assertThat(rounds(n, VISIBILITY.multipliedBy(4), live)).isEmpty();
        assertThat(a.receives).isEqualTo(1);
        assertThat(b.receives).isEqualTo(1);
        assertThat(a.extensions).isGreaterThanOrEqualTo(4);

        n.acknowledge(List.of(first.get(0).notification()));
        live.remove(first.get(0).notification());
        assertThat(a.deleted()).isTrue();
        int extended = a.extensions;
        assertThat(rounds(n, VISIBILITY.multipliedBy(2), live)).isEmpty();
        assertThat(a.extensions).isEqualTo(extended);
        assertThat(b.extensions).isGreaterThan(extended);
        assertThat(queue.staleExtends()).isEmpty();

        // b no longer live (its round failed before the enumerator took it): it lapses and comes back
        // (and so does each new delivery of it, which nothing makes live either)
        List<ObjectSplit> again = rounds(n, VISIBILITY.multipliedBy(2), List.of());
        assertThat(again).extracting(ObjectSplit::notification).startsWith("1:" + b.id + "#2");
        assertThat(b.receives).isGreaterThanOrEqualTo(2);
        assertThat(b.deleted()).isFalse();
    }

    @Test
    void aDeliveryReceivedButNeverLiveIsNotKeptAndOneInheritedIsExtendedAtOnce() throws Exception {
        FakeNotificationQueue.Msg a = queue.send(created("a.json.gz"));
        QueueNotifications before = notifications();
        String inherited = before.discover(before.initialState()).splits().get(0).notification();

        // a restored job: a new instance that did not receive it, told by the enumerator that it is live
        QueueNotifications after = notifications();
        after.maintain(List.of(inherited));
        assertThat(a.extensions).isEqualTo(1);
        assertThat(rounds(after, VISIBILITY.multipliedBy(3), List.of(inherited))).isEmpty();
        assertThat(a.receives).isEqualTo(1);

        // received by a round whose result never reached the enumerator: not extended, back after its timeout
        FakeNotificationQueue.Msg c = queue.send(created("c.json.gz"));
        assertThat(after.discover(Boolean.TRUE).splits()).hasSize(1);
        List<ObjectSplit> again = rounds(after, VISIBILITY.multipliedBy(2), List.of(inherited));
        assertThat(again).extracting(ObjectSplit::notification).contains("1:" + c.id + "#2");
        assertThat(c.extensions).isZero();
    }
}
