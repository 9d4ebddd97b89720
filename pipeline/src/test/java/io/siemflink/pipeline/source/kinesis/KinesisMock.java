package io.siemflink.pipeline.source.kinesis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * A real kinesis-mock server (npm {@code kinesis-local}, installed into {@code target/kinesis-mock} by the Maven
 * build) on free loopback ports, one per test JVM, stopped by PID when the JVM exits. Tests isolate themselves by
 * stream names.
 */
public final class KinesisMock implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";
    /** Any key works; a 12-digit key id would select that account in the mock, so use a word. */
    public static final String ACCESS_KEY = "siemflink-test";
    public static final String SECRET_KEY = "siemflink-test-secret";

    private static KinesisMock shared;

    private final Process process;
    private final int port;
    private final Path log;
    private final KinesisClient client;
    private final Duration startTime;

    private KinesisMock(Process process, int port, Path log, Duration startTime) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.startTime = startTime;
        this.client = KinesisClient.builder()
                .region(Region.of(REGION))
                .endpointOverride(endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
                .build();
    }

    /** The server for this JVM, started on first use. */
    public static synchronized KinesisMock get() throws IOException, InterruptedException {
        if (shared == null) {
            Path dir = Path.of(System.getProperty("kinesis.mock.dir", "target/kinesis-mock")).toAbsolutePath();
            shared = start(dir);
            KinesisMock started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kinesis-mock-stop"));
        }
        return shared;
    }

    /**
     * Starts kinesis-mock from an npm install dir holding {@code node_modules/kinesis-local} and {@code loopback.cjs}.
     */
    public static KinesisMock start(Path installDir) throws IOException, InterruptedException {
        Path pkg = installDir.resolve("node_modules/kinesis-local");
        Path preload = installDir.resolve("loopback.cjs");
        if (!Files.isRegularFile(pkg.resolve("main.js")) || !Files.isRegularFile(preload)) {
            throw new IllegalStateException("kinesis-mock is not installed in " + installDir + ": run the ITs with"
                    + " `mvn verify` (it runs `npm ci` there), or copy pipeline/src/test/kinesis-mock/* there and run"
                    + " `npm ci`");
        }
        int plain = freePort();
        int tls = freePort();
        Path log = Files.createTempFile("kinesis-mock-", ".log");
        ProcessBuilder pb = new ProcessBuilder("node", "-r", preload.toString(), "main.js")
                .directory(pkg.toFile()) // it reads server.json (its TLS certificate) from the working dir
                .redirectErrorStream(true)
                .redirectOutput(log.toFile()); // a file: an undrained pipe would block the server
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("KINESIS_MOCK_") || k.equals("INITIALIZE_STREAMS"));
        env.put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(plain));
        env.put("KINESIS_MOCK_TLS_PORT", Integer.toString(tls));
        env.put("KINESIS_MOCK_CERT_PATH", pkg.resolve("server.json").toString());
        env.put("AWS_REGION", REGION);
        env.put("AWS_ACCOUNT_ID", ACCOUNT);
        env.put("SHOULD_PERSIST_DATA", "false");
        env.put("CREATE_STREAM_DURATION", "100ms");
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            awaitPort(p, plain, log, Duration.ofSeconds(60));
        } catch (IOException | RuntimeException | InterruptedException e) {
            stop(p);
            throw e;
        }
        return new KinesisMock(p, plain, log, Duration.ofNanos(System.nanoTime() - t0));
    }

    private static void awaitPort(Process p, int port, Path log, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!p.isAlive()) {
                throw new IOException("kinesis-mock exited with " + p.exitValue() + ": " + tail(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("kinesis-mock did not listen on port " + port + " within " + timeout + ": "
                            + tail(log));
                }
                Thread.sleep(100);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public long pid() {
        return process.pid();
    }

    public Duration startTime() {
        return startTime;
    }

    public Path log() {
        return log;
    }

    public KinesisClient client() {
        return client;
    }

    public static String streamArn(String stream) {
        return "arn:aws:kinesis:" + REGION + ":" + ACCOUNT + ":stream/" + stream;
    }

    /** Creates a provisioned stream and waits until it is ACTIVE (polling: the SDK waiter first looks after 10 s). */
    public String createStream(String stream, int shards) throws InterruptedException {
        client.createStream(b -> b.streamName(stream).shardCount(shards));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            StreamStatus status = client.describeStreamSummary(b -> b.streamName(stream))
                    .streamDescriptionSummary().streamStatus();
            if (status == StreamStatus.ACTIVE) {
                return streamArn(stream);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("stream " + stream + " still " + status + " after 30 s");
            }
            Thread.sleep(100);
        }
    }

    public PutRecordResponse put(String stream, String partitionKey, byte[] data) {
        return client.putRecord(b -> b.streamName(stream).partitionKey(partitionKey).data(SdkBytes.fromByteArray(data)));
    }

    /** Puts records in order, one request; fails if any record was rejected. @return each record's shard and sequence */
    public List<PutRecordsResultEntry> putAll(String stream, List<byte[]> records) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey("pk-" + i)
                    .data(SdkBytes.fromByteArray(records.get(i))).build());
        }
        PutRecordsResponse r = client.putRecords(b -> b.streamName(stream).records(entries));
        if (r.failedRecordCount() != null && r.failedRecordCount() > 0) {
            throw new IllegalStateException(r.failedRecordCount() + " records rejected by " + stream + ": " + r.records());
        }
        return r.records();
    }

    @Override
    public void close() {
        client.close();
        stop(process);
    }

    /** Stops the server by PID: TERM, then KILL if it lingers. */
    private static void stop(Process p) {
        ProcessHandle h = ProcessHandle.of(p.pid()).orElse(null);
        if (h == null || !h.isAlive()) {
            return;
        }
        h.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                h.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            h.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
