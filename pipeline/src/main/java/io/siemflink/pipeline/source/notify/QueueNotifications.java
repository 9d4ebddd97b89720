package io.siemflink.pipeline.source.notify;

import io.siemflink.parsers.LogType;
import io.siemflink.pipeline.source.objects.Discovery;
import io.siemflink.pipeline.source.objects.ObjectRef;
import io.siemflink.pipeline.source.objects.ObjectSplit;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * queue. A message comes back if the job fails (the deliveries a restored job inherits are not extended): a second
 * delivery is harmless, ids are deterministic. A message that announces nothing (a test event) or is not a
 * notification is deleted at once and logged.
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
    /** Objects of a multi-object message still unacknowledged, by receipt handle (one coordinator thread). */
    private transient Map<String, Integer> outstanding;
    /** Deliveries not yet deleted, by receipt handle: when their invisibility was last set (epoch millis). */
    private transient Map<String, Long> invisibleSince;

    public QueueNotifications(NotificationQueue queue, LogType logType, Duration interval) {
        this(queue, logType, interval, DEFAULT_VISIBILITY);
    }

    public QueueNotifications(NotificationQueue queue, LogType logType, Duration interval, Duration visibility) {
        this.queue = queue;
        this.logType = logType;
        this.interval = interval;
        this.visibility = visibility;
    }

    private Map<String, Long> invisible() {
        if (invisibleSince == null) {
            invisibleSince = new LinkedHashMap<>();
        }
        return invisibleSince;
    }

    /** Extends the deliveries whose invisibility is half over. Runs every round, also when nothing is received. */
    @Override
    public void maintain() {
        Map<String, Long> inv = invisible();
        long now = System.currentTimeMillis();
        long due = now - visibility.toMillis() / 2;
        List<String> extend = new ArrayList<>();
        for (Map.Entry<String, Long> e : inv.entrySet()) {
            if (e.getValue() <= due) {
                extend.add(e.getKey());
            }
        }
        if (extend.isEmpty()) {
            return;
        }
        try {
            queue.extend(extend, visibility);
        } catch (Exception ex) {
            // the others were extended; a failed one is delivered again, which is harmless
            LOG.warn("could not keep all of {} messages invisible: {}", extend.size(), ex.getMessage());
        }
        extend.forEach(h -> inv.put(h, now));
    }

    @Override
    public Serializable initialState() {
        return Boolean.TRUE; // nothing to remember: the queue holds the state
    }

    @Override
    public Found discover(Serializable state) throws Exception {
        maintain();
        List<ObjectSplit> splits = new ArrayList<>();
        List<String> nothingToRead = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            // the long poll stays well inside the visibility, so that upkeep runs before anything lapses
            Duration wait = round == 0 ? min(Duration.ofSeconds(1), visibility.dividedBy(4)) : Duration.ZERO;
            List<NotificationQueue.Message> batch = queue.receive(10, wait, visibility);
            long received = System.currentTimeMillis();
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
                invisible().put(m.receiptHandle(), received);
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
    public void acknowledge(List<String> notifications) throws Exception {
        if (outstanding == null) {
            outstanding = new HashMap<>();
        }
        List<String> delete = new ArrayList<>();
        for (String n : notifications) {
            int colon = n.indexOf(':');
            int total = Integer.parseInt(n.substring(0, colon));
            String handle = n.substring(colon + 1);
            int seen = outstanding.merge(handle, 1, Integer::sum);
            if (seen >= total) {
                outstanding.remove(handle);
                delete.add(handle);
                invisible().remove(handle);
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

    @Override
    public Duration interval() {
        return interval;
    }
}
