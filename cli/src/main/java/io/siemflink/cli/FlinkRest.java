package io.siemflink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The few calls of Flink's REST API that submitting and following a job needs (JDK HTTP client, JSON by Jackson). */
final class FlinkRest {
    static final Set<String> TERMINAL = Set.of("FINISHED", "FAILED", "CANCELED", "SUSPENDED");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FlinkRest(URI base) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
    }

    /** {@code GET /overview}, as a check that a Flink REST API answers at all. */
    String version() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("overview")).GET()).path("flink-version").asText();
    }

    /** {@code POST /jars/upload}: returns the jar id the cluster gave it. */
    String upload(Path jar) throws IOException, InterruptedException {
        String boundary = "siem-" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8), HttpRequest.BodyPublishers.ofFile(jar),
                HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8));
        JsonNode r = send(HttpRequest.newBuilder(base.resolve("jars/upload")).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(body));
        String file = r.path("filename").asText();
        if (file.isEmpty()) {
            throw new IOException("the cluster did not accept the jar: " + r);
        }
        return Path.of(file).getFileName().toString();
    }

    /** {@code POST /jars/:id/run}: runs the jar's main method on the JobManager; returns the job id. */
    String run(String jarId, String entryClass, List<String> args) throws IOException, InterruptedException {
        ObjectNode req = JSON.createObjectNode();
        req.put("entryClass", entryClass);
        req.set("programArgsList", JSON.valueToTree(args));
        JsonNode r = send(HttpRequest.newBuilder(base.resolve("jars/" + jarId + "/run")).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(req.toString())));
        return r.path("jobid").asText();
    }

    void deleteJar(String jarId) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(base.resolve("jars/" + jarId)).DELETE());
    }

    String state(String jobId) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("jobs/" + jobId)).GET()).path("state").asText();
    }

    /** The job's user accumulators ({@code records-read}, {@code events}, ...) as numbers. */
    Map<String, Long> accumulators(String jobId) throws IOException, InterruptedException {
        JsonNode r = send(HttpRequest.newBuilder(base.resolve("jobs/" + jobId + "/accumulators")).GET());
        Map<String, Long> out = new LinkedHashMap<>();
        for (JsonNode a : r.path("user-task-accumulators")) {
            try {
                out.put(a.path("name").asText(), Long.parseLong(a.path("value").asText()));
            } catch (NumberFormatException notANumber) {
                // only counters are ours
            }
        }
        return out;
    }

    /** The root cause Flink recorded for a failed job. */
    String rootException(String jobId) throws IOException, InterruptedException {
        JsonNode r = send(HttpRequest.newBuilder(base.resolve("jobs/" + jobId + "/exceptions")).GET());
        String root = r.path("root-exception").asText("");
        return root.isEmpty() ? r.toString() : root;
    }

    void cancel(String jobId) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(base.resolve("jobs/" + jobId + "?mode=cancel")).method("PATCH",
                HttpRequest.BodyPublishers.noBody()));
    }

    String awaitTerminal(String jobId, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = state(jobId);
        while (!TERMINAL.contains(state) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            state = state(jobId);
        }
        return state;
    }

    private JsonNode send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpRequest req = b.build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode body = r.body().isBlank() ? JSON.createObjectNode() : parse(r.body());
        if (r.statusCode() >= 300) {
            // Flink answers {"errors": [...]}; the last entry is usually the cause with its stack trace.
            JsonNode errors = body.path("errors");
            String why = errors.isArray() && !errors.isEmpty() ? errors.get(errors.size() - 1).asText() : r.body();
            throw new IOException(req.method() + " " + req.uri().getPath() + " answered " + r.statusCode() + ": " + why);
        }
        return body;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("text", body);
        }
    }
}
