package io.siemflink.pipeline.source.objects;

import io.siemflink.parsers.SourceRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.List;

/**
 * Where log objects live: S3 (or an S3-compatible server) or a local directory laid out like a bucket. The
 * source only lists and opens; implementations create their clients lazily on the task manager.
 */
public interface ObjectStore extends Serializable {
    /** One page of a listing, in key order. */
    record Listing(List<ObjectRef> objects, String nextToken) {
    }

    /** Thrown by {@link #open} when the object is gone or has another version than listed: retrying cannot help. */
    class ObjectUnavailableException extends IOException {
        public ObjectUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Keys under {@code prefix} that sort after {@code startAfter} (null: from the start).
     *
     * @param token continuation token of the previous page, or null
     */
    Listing list(String bucket, String prefix, String startAfter, String token) throws IOException;

    /** The object's raw bytes (compressed as stored), streamed. */
    InputStream open(ObjectRef ref) throws IOException;

    /** The URI shown in dead letters and logs. */
    String uri(ObjectRef ref);

    default SourceRef sourceRef(ObjectRef ref) {
        return new SourceRef(uri(ref), ref.key());
    }
}
