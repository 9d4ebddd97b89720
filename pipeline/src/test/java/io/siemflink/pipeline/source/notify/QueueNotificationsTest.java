package io.siemflink.pipeline.source.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.siemflink.parsers.LogType;
import io.siemflink.pipeline.source.objects.Discovery;
import io.siemflink.pipeline.source.objects.ObjectSplit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keeping received messages invisible while their objects wait, against the fake queue's visibility clock. */
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

    /** Calls {@code round} every 50 ms for {@code d}. */
    private static void during(Duration d, ThrowingRunnable round) throws Exception {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            round.run();
            Thread.sleep(50);
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void messagesWhoseObjectsWaitStayInvisibleUntilAcknowledged() throws Exception {
        FakeNotificationQueue.Msg a = queue.send(created("a.json.gz"));
        FakeNotificationQueue.Msg b = queue.send(created("b.json.gz"));
        QueueNotifications n = new QueueNotifications(queue, LogType.CLOUDTRAIL, Duration.ofMillis(50), VISIBILITY);
        List<ObjectSplit> first = n.discover(n.initialState()).splits();
        assertThat(first).hasSize(2);

        // four visibility timeouts while the objects are still being read: rounds go on, nothing comes back
        during(VISIBILITY.multipliedBy(4), () -> assertThat(n.discover(Boolean.TRUE).splits()).isEmpty());
        assertThat(a.receives).isEqualTo(1);
        assertThat(b.receives).isEqualTo(1);
        assertThat(a.extensions).isGreaterThanOrEqualTo(4);

        n.acknowledge(List.of(first.get(0).notification()));
        assertThat(a.deleted()).isTrue();
        int extended = a.extensions;
        // the enumerator has enough queued: it only asks for upkeep, which keeps b and leaves a alone
        during(VISIBILITY.multipliedBy(2), n::maintain);
        assertThat(a.extensions).isEqualTo(extended);
        assertThat(b.receives).isEqualTo(1);
        assertThat(b.extensions).isGreaterThan(extended);
        assertThat(queue.staleExtends()).isEmpty();
    }

    @Test
    void withoutUpkeepAReceivedMessageComesBackAfterItsTimeout() throws Exception {
        FakeNotificationQueue.Msg a = queue.send(created("a.json.gz"));
        QueueNotifications reader = new QueueNotifications(queue, LogType.CLOUDTRAIL, Duration.ofMillis(50), VISIBILITY);
        assertThat(reader.discover(reader.initialState()).splits()).hasSize(1);
        Thread.sleep(VISIBILITY.toMillis() + 100);

        // another receiver (a restored job that does not know the delivery) gets it again
        Discovery other = new QueueNotifications(queue, LogType.CLOUDTRAIL, Duration.ofMillis(50), VISIBILITY);
        assertThat(other.discover(other.initialState()).splits()).hasSize(1);
        assertThat(a.receives).isEqualTo(2);
    }
}
