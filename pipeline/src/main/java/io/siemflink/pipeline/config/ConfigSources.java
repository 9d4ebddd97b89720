package io.siemflink.pipeline.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where settings come from, each as flat dotted keys ({@code opensearch.url}): a YAML or properties file,
 * environment variables (AWS SDK conventions and a few of our own), and the runtime property groups of Amazon
 * Managed Service for Apache Flink (group id = key prefix). Later sources override earlier ones.
 */
public final class ConfigSources {
    private ConfigSources() {
    }

    /** A {@code .yaml}/{@code .yml} file (nested maps flattened to dotted keys) or a {@code .properties} file. */
    public static Map<String, String> file(Path path) {
        if (!Files.isReadable(path)) {
            throw new ConfigException("config file " + path + " does not exist or is not readable");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        try (InputStream in = Files.newInputStream(path)) {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
                Map<String, String> out = new LinkedHashMap<>();
                if (root != null && !root.isNull()) {
                    if (!root.isObject()) {
                        throw new ConfigException("config file " + path + " must hold a mapping of settings");
                    }
                    flatten("", root, out);
                }
                return noSecrets(out, "config file " + path);
            }
            Properties p = new Properties();
            p.load(in);
            Map<String, String> out = new LinkedHashMap<>();
            p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k.trim(), p.getProperty(k).trim()));
            return noSecrets(out, "config file " + path);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Files and property groups are read by whoever can read the deployment: a password there is refused (without
     * echoing it). It comes from the environment, a secret file or Secrets Manager instead.
     */
    static Map<String, String> noSecrets(Map<String, String> settings, String where) {
        if (settings.containsKey("opensearch.password")) {
            throw new ConfigException(where + " sets opensearch.password: keep secrets out of configuration; use"
                    + " OPENSEARCH_PASSWORD in the environment, opensearch.password-file or opensearch.password-secret"
                    + " (AWS Secrets Manager)");
        }
        return settings;
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (n.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode x : n) {
                sb.append(sb.length() > 0 ? "," : "").append(x.asText());
            }
            out.put(prefix, sb.toString());
        } else if (!n.isNull()) {
            out.put(prefix, n.asText());
        }
    }

    /** Environment variables we honour, by the setting they set. */
    static final Map<String, String> ENVIRONMENT = Map.ofEntries(
            Map.entry("AWS_REGION", "aws.region"),
            Map.entry("AWS_DEFAULT_REGION", "aws.region"),
            Map.entry("AWS_ENDPOINT_URL", "aws.endpoint"),
            Map.entry("AWS_ENDPOINT_URL_S3", "aws.endpoint.s3"),
            Map.entry("AWS_ENDPOINT_URL_SQS", "aws.endpoint.sqs"),
            Map.entry("AWS_ENDPOINT_URL_KINESIS", "aws.endpoint.kinesis"),
            Map.entry("AWS_ENDPOINT_URL_SECRETS_MANAGER", "aws.endpoint.secretsmanager"),
            Map.entry("OPENSEARCH_URL", "opensearch.url"),
            Map.entry("OPENSEARCH_USERNAME", "opensearch.username"),
            Map.entry("OPENSEARCH_PASSWORD", "opensearch.password"));

    public static Map<String, String> environment(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        // AWS_REGION wins over AWS_DEFAULT_REGION, as in the SDK.
        for (String var : new String[] {"AWS_DEFAULT_REGION", "AWS_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3",
                "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_KINESIS", "AWS_ENDPOINT_URL_SECRETS_MANAGER", "OPENSEARCH_URL", "OPENSEARCH_USERNAME", "OPENSEARCH_PASSWORD"}) {
            String v = env.get(var);
            if (v != null && !v.isBlank()) {
                out.put(ENVIRONMENT.get(var), v.trim());
            }
        }
        return out;
    }

    /** Where Managed Service for Apache Flink puts the application's property groups. */
    public static final String MANAGED_FLINK_PROPERTIES = "/etc/flink/application_properties.json";

    /** Whether this JVM runs in Managed Service for Apache Flink (its property file is there). */
    public static boolean onManagedFlink() {
        return Files.exists(Path.of(MANAGED_FLINK_PROPERTIES));
    }

    /**
     * Property groups of a Managed Flink application (the runtime's file), or of a local
     * {@code flink-application-properties-dev.json} in the same format. Empty when not running there.
     */
    public static Map<String, String> managedFlink(Path localFile) {
        Map<String, Properties> groups;
        try {
            if (localFile != null) {
                groups = KinesisAnalyticsRuntime.getApplicationProperties(localFile.toString());
            } else {
                if (!onManagedFlink()) {
                    return Map.of();
                }
                // The runtime's own default path, named here: its lookup reads a root-level config.properties,
                // a name other jars in a shaded job jar may also use.
                groups = KinesisAnalyticsRuntime.getApplicationProperties(MANAGED_FLINK_PROPERTIES);
            }
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("cannot read Managed Flink property groups"
                    + (localFile == null ? "" : " from " + localFile) + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (groups != null) {
            groups.forEach((group, props) -> props.stringPropertyNames()
                    .forEach(k -> out.put(group + "." + k, props.getProperty(k).trim())));
        }
        return noSecrets(out, "Managed Flink property groups");
    }
}
