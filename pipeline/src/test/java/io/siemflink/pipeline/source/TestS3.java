package io.siemflink.pipeline.source;

import io.siemflink.pipeline.config.AwsSettings;
import io.siemflink.pipeline.local.LocalS3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server for tests: s3proxy (Maven artifact {@code org.gaul:s3proxy:jar-with-dependencies}, copied to
 * {@code target/dist/s3proxy.jar} by the build and passed to failsafe as {@code s3proxy.jar}) on a free loopback
 * port, storing objects on the filesystem in a temp dir. One per test JVM ({@link #get()}), stopped by PID when
 * the JVM exits. Tests isolate themselves by bucket names ({@link #uniqueBucket}).
 *
 * <p>Credentials: the job builds its S3 client from {@link AwsSettings}, which uses the SDK default credentials
 * chain. Its first link reads the JVM system properties {@code aws.accessKeyId} / {@code aws.secretAccessKey};
 * {@link #get()} sets them to this server's identity, so a job on a MiniCluster (same JVM) authenticates without
 * touching the environment, and they win over any {@code AWS_*} variables of the developer's shell.
 */
public final class TestS3 implements AutoCloseable {
    public static final String REGION = LocalS3.REGION;
    public static final String ACCESS_KEY = LocalS3.ACCESS_KEY;
    public static final String SECRET_KEY = LocalS3.SECRET_KEY;

    private static TestS3 shared;

    private final LocalS3 server;
    private final Path dir;
    private final Duration startTime;
    private final S3Client client;

    private TestS3(LocalS3 server, Path dir, Duration startTime) {
        this.server = server;
        this.dir = dir;
        this.startTime = startTime;
        this.client = S3Client.builder()
                .region(Region.of(REGION))
                .endpointOverride(endpoint())
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
                .build();
    }

    /** The server for this JVM, started on first use; also sets the SDK credential system properties (see above). */
    public static synchronized TestS3 get() throws IOException, InterruptedException {
        if (shared == null) {
            Path jar = Path.of(System.getProperty("s3proxy.jar", "target/dist/s3proxy.jar")).toAbsolutePath();
            shared = start(jar);
            TestS3 started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "s3proxy-stop"));
            System.setProperty("aws.accessKeyId", ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", SECRET_KEY);
        }
        return shared;
    }

    /** Starts s3proxy from its jar-with-dependencies, storing into a new temp dir. */
    public static TestS3 start(Path jar) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("s3proxy is not at " + jar + ": run the ITs with `mvn verify` (the package phase"
                    + " copies org.gaul:s3proxy:jar-with-dependencies to target/dist/s3proxy.jar), or pass -Ds3proxy.jar=...");
        }
        Path dir = Files.createTempDirectory("siemflink-s3proxy-");
        long t0 = System.nanoTime();
        LocalS3 server = LocalS3.start(jar, dir);
        return new TestS3(server, dir, Duration.ofNanos(System.nanoTime() - t0));
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** Settings for the job's S3 client: region, this endpoint, path-style addressing (credentials: see the class). */
    public AwsSettings settings() {
        return new AwsSettings(REGION, endpoint(), null, null, true);
    }

    /** A client for the test itself (static credentials). */
    public S3Client client() {
        return client;
    }

    public long pid() {
        return server.pid();
    }

    public Duration startTime() {
        return startTime;
    }

    public Path log() {
        return server.log();
    }

    /** A bucket name no other test uses, created. */
    public String uniqueBucket(String test) {
        String name = (test.toLowerCase().replaceAll("[^a-z0-9-]", "-") + "-" + Long.toString(System.nanoTime(), 36));
        createBucket(name);
        return name;
    }

    public void createBucket(String bucket) {
        client.createBucket(b -> b.bucket(bucket));
    }

    /** @return the object's etag as the server reports it (quoted) */
    public String put(String bucket, String key, byte[] bytes) {
        return client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes)).eTag();
    }

    public String put(String bucket, String key, Path file) {
        return client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file)).eTag();
    }

    public void delete(String bucket, String key) {
        client.deleteObject(b -> b.bucket(bucket).key(key));
    }

    /**
     * Uploads every file under {@code root}, keyed {@code prefix + path relative to root} (with '/').
     *
     * @return the keys, sorted
     */
    public List<String> uploadTree(Path root, String bucket, String prefix) {
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> keys = new ArrayList<>();
        for (Path f : files) {
            String key = prefix + root.relativize(f).toString().replace('\\', '/');
            put(bucket, key, f);
            keys.add(key);
        }
        return keys;
    }

    @Override
    public void close() {
        client.close();
        server.close();
        deleteTree(dir);
    }

    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort at exit
        }
    }
}
