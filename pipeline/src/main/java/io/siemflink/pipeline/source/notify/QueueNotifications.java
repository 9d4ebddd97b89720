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
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery by S3 event notifications from a queue. A message is deleted only when every object it announced
 * has been read and the checkpoint after that completed (see the enumerator); until then it stays invisible for
 * the queue's visibility timeout, and comes back if the job fails: a second delivery is harmless, ids are
 * deterministic. A message that announces nothing (a test event) or is not a notification is deleted at once
 * and logged.
 */
public final class QueueNotifications implements Discovery {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(QueueNotifications.class);

    private final NotificationQueue queue;
    private final LogType logType;
    private final Duration interval;
    /** Objects of a multi-object message still unacknowledged, by receipt handle (one coordinator thread). */
    private transient Map<String, Integer> outstanding;

    public QueueNotifications(NotificationQueue queue, LogType logType, Duration interval) {
        this.queue = queue;
        this.logType = logType;
        this.interval = interval;
    }

    @Override
    public Serializable initialState() {
        return Boolean.TRUE; // nothing to remember: the queue holds the state
    }

    @Override
    public Found discover(Serializable state) throws Exception {
        List<ObjectSplit> splits = new ArrayList<>();
        List<String> nothingToRead = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            List<NotificationQueue.Message> batch = queue.receive(10, round == 0 ? Duration.ofSeconds(1) : Duration.ZERO);
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
