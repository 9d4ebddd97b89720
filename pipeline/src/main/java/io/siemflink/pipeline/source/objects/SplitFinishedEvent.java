package io.siemflink.pipeline.source.objects;

import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Reader to enumerator: every record of this split was emitted downstream. Once the next checkpoint
 * completes, its notification can be acknowledged (deleted from the queue).
 */
public record SplitFinishedEvent(String splitId, String notification) implements SourceEvent {
}
