package io.siemflink.pipeline.source.notify;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * The small part of a message queue the source needs: receive, keep received messages invisible while their
 * objects are read, and delete once the announced objects are checkpointed. SQS in production; a fake in tests (no local SQS server exists here).
 */
public interface NotificationQueue extends Serializable {
    /** A received message: the receipt handle identifies this delivery for deletion. */
    record Message(String id, String receiptHandle, String body) {
    }

    /** @param visibility how long the received messages stay invisible to other receivers */
    List<Message> receive(int max, Duration wait, Duration visibility) throws Exception;

    /**
     * Keeps these deliveries invisible for {@code visibility} from now (SQS ChangeMessageVisibility).
     *
     * @return the handles the queue refused (deleted meanwhile, or no longer the message's latest delivery)
     */
    List<String> extend(List<String> receiptHandles, Duration visibility) throws Exception;

    void delete(List<String> receiptHandles) throws Exception;
}
