package io.siemflink.pipeline.source.notify;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * The small part of a message queue the source needs: receive, and delete once the announced objects are
 * checkpointed. SQS in production; a fake in tests (no local SQS server exists here).
 */
public interface NotificationQueue extends Serializable {
    /** A received message: the receipt handle identifies this delivery for deletion. */
    record Message(String id, String receiptHandle, String body) {
    }

    List<Message> receive(int max, Duration wait) throws Exception;

    void delete(List<String> receiptHandles) throws Exception;
}
