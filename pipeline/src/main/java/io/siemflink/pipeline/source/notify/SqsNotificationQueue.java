package io.siemflink.pipeline.source.notify;

import io.siemflink.pipeline.config.AwsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/** Amazon SQS (or an SQS-compatible endpoint from {@code AWS_ENDPOINT_URL_SQS}). */
public final class SqsNotificationQueue implements NotificationQueue {
    private static final long serialVersionUID = 1L;

    private final AwsSettings aws;
    private final String queue;
    private transient SqsClient client;
    private transient String url;

    /** @param queue a queue URL, or a queue name resolved in the configured region */
    public SqsNotificationQueue(AwsSettings aws, String queue) {
        this.aws = aws;
        this.queue = queue;
    }

    private synchronized SqsClient client() {
        if (client == null) {
            client = aws.sqsClient();
            url = queue.startsWith("http://") || queue.startsWith("https://") ? queue
                    : client.getQueueUrl(GetQueueUrlRequest.builder().queueName(queue).build()).queueUrl();
        }
        return client;
    }

    @Override
    public List<Message> receive(int max, Duration wait, Duration visibility) {
        SqsClient c = client();
        return c.receiveMessage(ReceiveMessageRequest.builder().queueUrl(url).maxNumberOfMessages(Math.min(10, max))
                        .waitTimeSeconds((int) Math.min(20, wait.toSeconds()))
                        .visibilityTimeout(seconds(visibility)).build())
                .messages().stream().map(m -> new Message(m.messageId(), m.receiptHandle(), m.body())).toList();
    }

    /** SQS takes 0 to 43,200 s (12 h). */
    private static int seconds(Duration d) {
        return (int) Math.max(0, Math.min(43_200, d.toSeconds()));
    }

    @Override
    public List<String> extend(List<String> receiptHandles, Duration visibility) {
        SqsClient c = client();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < receiptHandles.size(); i += 10) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            List<String> chunk = receiptHandles.subList(i, Math.min(receiptHandles.size(), i + 10));
            for (int j = 0; j < chunk.size(); j++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(j))
                        .receiptHandle(chunk.get(j)).visibilityTimeout(seconds(visibility)).build());
            }
            ChangeMessageVisibilityBatchResponse r = c.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(entries));
            r.failed().forEach(f -> refused.add(chunk.get(Integer.parseInt(f.id()))));
        }
        return refused;
    }

    @Override
    public void delete(List<String> receiptHandles) {
        SqsClient c = client();
        for (int i = 0; i < receiptHandles.size(); i += 10) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            List<String> chunk = receiptHandles.subList(i, Math.min(receiptHandles.size(), i + 10));
            for (int j = 0; j < chunk.size(); j++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(j)).receiptHandle(chunk.get(j)).build());
            }
            DeleteMessageBatchResponse r = c.deleteMessageBatch(b -> b.queueUrl(url).entries(entries));
            if (!r.failed().isEmpty()) {
                throw new IllegalStateException("SQS refused to delete " + r.failed().size() + " messages: " + r.failed().get(0).message());
            }
        }
    }
}
