package io.siemflink.pipeline.source.objects;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A local directory read as a bucket: the bucket name is the directory, each file's path below it is its key.
 * For the demo, tests and backfills from disk.
 */
public final class LocalObjectStore implements ObjectStore {
    private static final long serialVersionUID = 1L;

    @Override
    public Listing list(String bucket, String prefix, String startAfter, String token) throws IOException {
        Path root = Path.of(bucket);
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(bucket, null, "not a directory");
        }
        List<ObjectRef> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String key = root.relativize(p).toString().replace('\\', '/');
                if ((prefix == null || key.startsWith(prefix)) && (startAfter == null || key.compareTo(startAfter) > 0)
                        && !key.startsWith(".")) {
                    out.add(new ObjectRef(bucket, key, null, Files.size(p), Files.getLastModifiedTime(p).toMillis()));
                }
            }
        }
        out.sort((a, b) -> a.key().compareTo(b.key()));
        return new Listing(out, null);
    }

    @Override
    public InputStream open(ObjectRef ref) throws IOException {
        try {
            return Files.newInputStream(Path.of(ref.bucket()).resolve(ref.key()));
        } catch (NoSuchFileException e) {
            throw new ObjectUnavailableException("file is gone: " + uri(ref), e);
        }
    }

    @Override
    public String uri(ObjectRef ref) {
        return Path.of(ref.bucket()).resolve(ref.key()).toUri().toString();
    }
}
