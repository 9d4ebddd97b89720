package io.siemflink.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for OpenSearch Dashboards' saved-objects import API (OSD itself cannot be installed here). It checks
 * the request as OSD does (POST, path, {@code osd-xsrf}, multipart part {@code file} named *.ndjson) and answers in
 * OSD's shape: objects it already holds come back with {@code overwrite: true}, references to objects neither in
 * the file nor stored are {@code missing_references} errors, a wrong file extension is a 415.
 */
public final class FakeDashboards implements AutoCloseable {
    /** What one request carried. */
    public record Request(String method, String path, String query, Map<String, String> headers, String fileName, String content) {
    }

    private final HttpServer server;
    private final Map<String, JsonNode> stored = new LinkedHashMap<>();
    public final List<Request> requests = new ArrayList<>();
    private String requiredAuthorization;

    public FakeDashboards() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answer 401 unless this Authorization header is sent. */
    public FakeDashboards requireAuthorization(String header) {
        this.requiredAuthorization = header;
        return this;
    }

    public Map<String, JsonNode> stored() {
        return stored;
    }

    private synchronized void handle(HttpExchange ex) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        byte[] body = ex.getRequestBody().readAllBytes();
        String contentType = headers.getOrDefault("content-type", "");
        Matcher b = Pattern.compile("boundary=(\\S+)").matcher(contentType);
        String fileName = null;
        String content = null;
        if (contentType.startsWith("multipart/form-data") && b.find()) {
            String text = new String(body, StandardCharsets.UTF_8);
            for (String part : text.split("--" + Pattern.quote(b.group(1)))) {
                int split = part.indexOf("\r\n\r\n");
                if (split < 0) {
                    continue;
                }
                String head = part.substring(0, split);
                Matcher name = Pattern.compile("name=\"file\"; filename=\"([^\"]+)\"").matcher(head);
                if (name.find()) {
                    fileName = name.group(1);
                    content = part.substring(split + 4, part.length() - 2); // drop the CRLF before the boundary
                }
            }
        }
        requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getQuery(),
                headers, fileName, content));
        if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().equals("/api/saved_objects/_import")) {
            reply(ex, 404, "{\"statusCode\":404,\"error\":\"Not Found\",\"message\":\"Not Found\"}");
        } else if (requiredAuthorization != null && !requiredAuthorization.equals(headers.get("authorization"))) {
            reply(ex, 401, "{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":\"Authentication required\"}");
        } else if (!headers.containsKey("osd-xsrf")) {
            reply(ex, 400, "{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":\"Request must contain a osd-xsrf header.\"}");
        } else if (fileName == null) {
            reply(ex, 400, "{\"statusCode\":400,\"error\":\"Bad Request\",\"message\":\"[request body.file]: expected value of type [Stream]\"}");
        } else if (!fileName.endsWith(".ndjson")) {
            reply(ex, 415, "{\"statusCode\":415,\"error\":\"Unsupported Media Type\",\"message\":\"Invalid file extension "
                    + fileName.substring(fileName.lastIndexOf('.')) + "\"}");
        } else {
            reply(ex, 200, importObjects(content, "overwrite=true".equals(ex.getRequestURI().getQuery())).toString());
        }
    }

    private ObjectNode importObjects(String ndjson, boolean overwrite) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            if (!line.isBlank()) {
                objects.add(SavedObjectsFile.JSON.readTree(line));
            }
        }
        Map<String, JsonNode> inFile = new LinkedHashMap<>();
        objects.forEach(o -> inFile.put(key(o), o));
        ObjectNode response = SavedObjectsFile.JSON.createObjectNode();
        ArrayNode results = SavedObjectsFile.JSON.createArrayNode();
        ArrayNode errors = SavedObjectsFile.JSON.createArrayNode();
        for (JsonNode o : objects) {
            ArrayNode missing = SavedObjectsFile.JSON.createArrayNode();
            for (JsonNode r : o.path("references")) {
                String k = r.path("type").asText() + ":" + r.path("id").asText();
                if (!inFile.containsKey(k) && !stored.containsKey(k)) {
                    missing.addObject().put("type", r.path("type").asText()).put("id", r.path("id").asText());
                }
            }
            String title = o.path("attributes").path("title").asText();
            if (!missing.isEmpty()) {
                ObjectNode e = errors.addObject().put("id", o.path("id").asText()).put("type", o.path("type").asText()).put("title", title);
                e.putObject("meta").put("title", title);
                e.putObject("error").put("type", "missing_references").set("references", missing);
            } else if (stored.containsKey(key(o)) && !overwrite) {
                ObjectNode e = errors.addObject().put("id", o.path("id").asText()).put("type", o.path("type").asText()).put("title", title);
                e.putObject("meta").put("title", title);
                e.putObject("error").put("type", "conflict");
            } else {
                ObjectNode s = results.addObject().put("type", o.path("type").asText()).put("id", o.path("id").asText());
                s.putObject("meta").put("title", title).put("icon", "visualizeApp");
                if (stored.containsKey(key(o))) {
                    s.put("overwrite", true);
                }
            }
        }
        // OSD writes nothing when any object failed.
        if (errors.isEmpty()) {
            objects.forEach(o -> stored.put(key(o), o));
        }
        response.put("successCount", results.size());
        response.put("success", errors.isEmpty());
        if (!errors.isEmpty()) {
            response.set("errors", errors);
        }
        response.set("successResults", results);
        return response;
    }

    private static String key(JsonNode o) {
        return o.path("type").asText() + ":" + o.path("id").asText();
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
