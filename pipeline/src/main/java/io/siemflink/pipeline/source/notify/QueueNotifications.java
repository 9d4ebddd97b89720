package io.siemflink.pipeline.source.notify;

import io.siemflink.parsers.LogType;
import io.siemflink.pipeline.source.objects.Discovery;
import io.siemflink.pipeline.source.objects.ObjectRef;
import io.siemflink.pipeline.source.objects.ObjectSplit;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery by S3 event notifications from a queue. A message is deleted only when every object it announced
 * has been read and the checkpoint after that completed (see the enumerator). Until then it is kept invisible:
 * received with a visibility timeout of {@code visibility}, and extended by as much whenever half of it has passed,
 * for as long as its objects wait or are read. Without that, a backlog longer than the queue's timeout was
 * delivered again and again, and a queue with a redrive policy moved messages still being read to its dead-letter
 * queue. The enumerator says which deliveries are live ({@link #maintain}), restored ones included; those of
 * objects a reader was in the middle of at the checkpoint are not known to it until they finish, and may come back
 * meanwhile: a second delivery is harmless, ids are deterministic. A message that announces nothing (a test event)
 * or is not a notification is deleted at once and logged.
 */
public final class QueueNotifications implements Discovery {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(QueueNotifications.class);

    /** The visibility the job receives with and extends by: long enough that extending is rare. */
    public static final Duration DEFAULT_VISIBILITY = Duration.ofMinutes(5);

    private final NotificationQueue queue;
    private final LogType logType;
    private final Duration interval;
    private final Duration visibility;
    /** Objects of a multi-object message still unacknowledged, by receipt handle. */
    private transient Map<String, Integer> outstanding;
    /** Live deliveries by receipt handle: when their invisibility was last set (epoch millis). */
    private transient Map<String, Long> invisibleSince;
    /** Deliveries this instance received, by receipt handle and time, until the enumerator lists them as live. */
    private transient Map<String, Long> received;
    private transient long lastWarning;

    public QueueNotifications(NotificationQueue queue, LogType logType, Duration interval) {
        this(queue, logType, interval, DEFAULT_VISIBILITY);
    }

    public QueueNotifications(NotificationQueue queue, LogType logType, Duration interval, Duration visibility) {
        this.queue = queue;
        this.logType = logType;
        this.interval = interval;
        this.visibility = visibility;
    }

    private void init() {
        if (invisibleSince == null) {
            outstanding = new HashMap<>();
            invisibleSince = new HashMap<>();
            received = new HashMap<>();
        }
    }

    /**
     * Extends the live deliveries whose invisibility is half over, and forgets the rest. A delivery this instance
     * did not receive (one a restored job inherits) is extended when first seen: its time is unknown. A failure is
     * retried next round; a handle the queue refuses is not retried before half a timeout.
     */
    @Override
    public synchronized void maintain(Collection<String> live) throws Exception {
        init();
        long now = System.currentTimeMillis();
        Map<String, Long> since = new HashMap<>();
        for (String n : live) {
            String handle = handle(n);
            Long t = invisibleSince.get(handle);
            if (t == null) {
                t = received.remove(handle);
            }
            since.put(handle, t == null ? Long.MIN_VALUE : t);
        }
        invisibleSince = since;
        // what was received but never reached the enumerator (a failed round) has lapsed after one timeout
        received.values().removeIf(t -> t < now - visibility.toMillis());
        long due = now - visibility.toMillis() / 2;
        List<String> extend = new ArrayList<>();
        since.forEach((h, t) -> {
            if (t <= due) {
                extend.add(h);
            }
        });
        if (extend.isEmpty()) {
            return;
        }
        List<String> refused;
        try {
            refused = queue.extend(extend, visibility);
        } catch (Exception e) {
            if (now - lastWarning > 60_000) {
                lastWarning = now;
                LOG.warn("could not keep {} messages invisible (retried each round): {}", extend.size(), e.toString());
            }
            return;
        }
        extend.forEach(h -> since.put(h, now));
        if (!refused.isEmpty()) {
            // deleted meanwhile, or delivered again (its object is recognised or read again: harmless)
            LOG.info("the queue refused to extend {} of {} messages", refused.size(), extend.size());
        }
    }

    /** The receipt handle of a notification ({@code <objects>:<handle>}). */
    private static String handle(String notification) {
        return notification.substring(notification.indexOf(':') + 1);
    }

    /** Rounds are at most a quarter of the visibility apart, so that upkeep runs before anything lapses. */
    @Override
    public Duration interval() {
        return min(interval, visibility.dividedBy(4));
    }

    @Override
    public Serializable initialState() {
        return Boolean.TRUE; // nothing to remember: the queue holds the state
    }

    @Override
    public synchronized Found discover(Serializable state) throws Exception {
        init();
        List<ObjectSplit> splits = new ArrayList<>();
        List<String> nothingToRead = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            // the long poll stays well inside the visibility, so that upkeep runs before anything lapses
            Duration wait = round == 0 ? min(Duration.ofSeconds(1), visibility.dividedBy(4)) : Duration.ZERO;
            List<NotificationQueue.Message> batch = queue.receive(10, wait, visibility);
            long receivedAt = System.currentTimeMillis();
            for (NotificationQueue.Message m : batch) {
                List<ObjectRef> objects;
                try {
                    objects = S3EventNotifications.objects(m.body());
                } catch (IOException e) {
                    LOG.warn("deleting message {}: {} (body starts {})", m.id(), e.getMessage(),
                            m.body().substring(0, Math.min(200, m.body().length())));
                    nothingToRead.add(m.receiptHandle());
                    continue;
                }
                if (objects.isEmpty()) {
                    LOG.info("deleting message {}: it announces no object to read (an S3 test event or not an"
                            + " object-created event)", m.id());
                    nothingToRead.add(m.receiptHandle());
                    continue;
                }
                for (ObjectRef o : objects) {
                    splits.add(new ObjectSplit(o, logType, 0, objects.size() + ":" + m.receiptHandle()));
                }
                received.put(m.receiptHandle(), receivedAt);
            }
            if (batch.size() < 10) {
                break;
            }
        }
        if (!nothingToRead.isEmpty()) {
            queue.delete(nothingToRead);
        }
        return new Found(splits, state, false);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public synchronized void acknowledge(List<String> notifications) throws Exception {
        init();
        List<String> delete = new ArrayList<>();
        for (String n : notifications) {
            int colon = n.indexOf(':');
            int total = Integer.parseInt(n.substring(0, colon));
            String handle = n.substring(colon + 1);
            int seen = outstanding.merge(handle, 1, Integer::sum);
            if (seen >= total) {
                outstanding.remove(handle);
                delete.add(handle);
                invisibleSince.remove(handle);
            }
        }
        if (!delete.isEmpty()) {
            queue.delete(delete);
        }
    }

    @Override
    public boolean continuous() {
        return true;
    }

}
