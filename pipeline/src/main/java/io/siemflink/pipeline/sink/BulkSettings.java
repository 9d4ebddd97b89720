package io.siemflink.pipeline.sink;

import java.io.Serializable;
import java.time.Duration;

/**
 * Bulk indexing knobs.
 *
 * @param maxActions      documents per bulk request
 * @param maxBytes        bytes per bulk request (OpenSearch's default http.max_content_length is 100 MB; the
 *                        sweet spot for throughput is a few MB)
 * @param flushInterval   longest a document waits in the buffer
 * @param maxInFlight     bulk requests outstanding at once per writer
 * @param initialBackoff  first retry delay; doubles per attempt up to {@code maxBackoff}
 * @param maxItemRetries  retries of one document rejected with a retryable status before it is dead-lettered
 */
public record BulkSettings(int maxActions, long maxBytes, Duration flushInterval, int maxInFlight,
                           Duration initialBackoff, Duration maxBackoff, int maxItemRetries) implements Serializable {
    public BulkSettings {
        if (maxActions < 1) {
            throw new IllegalArgumentException("opensearch.bulk.max-actions must be >= 1, was " + maxActions);
        }
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("opensearch.bulk.max-bytes must be >= 1024, was " + maxBytes);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("opensearch.bulk.max-in-flight must be >= 1, was " + maxInFlight);
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("opensearch.bulk.flush-interval must be positive");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("opensearch.bulk backoff: initial must be >= 0 and <= max");
        }
        if (maxItemRetries < 0) {
            throw new IllegalArgumentException("opensearch.bulk.max-item-retries must be >= 0");
        }
    }

    public static BulkSettings defaults() {
        return new BulkSettings(2000, 5L * 1024 * 1024, Duration.ofSeconds(1), 2, Duration.ofMillis(100),
                Duration.ofSeconds(30), 20);
    }
}
