package io.siemflink.pipeline.source.objects;

import java.io.Serializable;

/**
 * One object (or file) as listed: its etag pins the version that was listed, so a resumed read never mixes two
 * versions of an object.
 *
 * @param etag          null when the store has none (local files)
 * @param lastModified  epoch millis, for source lag
 */
public record ObjectRef(String bucket, String key, String etag, long size, long lastModified) implements Serializable {
}
