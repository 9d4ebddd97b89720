package io.siemflink.pipeline.config;

import io.siemflink.enrich.EnrichSettings;
import io.siemflink.parsers.Dispatcher;
import io.siemflink.parsers.LogType;
import io.siemflink.parsers.ParserOptions;
import io.siemflink.parsers.io.Lines;
import io.siemflink.pipeline.job.BatchOutputs;
import io.siemflink.pipeline.job.MetricsExport;
import io.siemflink.pipeline.opensearch.IndexSetup;
import io.siemflink.pipeline.opensearch.OpenSearchSettings;
import io.siemflink.pipeline.opensearch.PasswordSecret;
import io.siemflink.pipeline.sink.BulkSettings;
import io.siemflink.pipeline.sink.IndexNames;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every setting of the job, typed and validated in one place. Built from flat dotted keys, merged from (lowest
 * first) defaults, a config file, Managed Flink property groups, the environment and command-line flags. A wrong
 * or unknown setting fails here, at start, naming the key. See docs/CONFIG.md for the keys.
 */
public record PipelineConfig(List<SourceConfig> sources, OpenSearchSettings opensearch, BulkSettings bulk,
                             IndexNames indexNames, String indexGranularity, ParserOptions parser, long maxObjectBytes,
                             AwsSettings aws, Duration checkpointInterval, int parallelism, boolean installTemplates,
                             IndexSetup.Settings indexSetup, EnrichSettings enrich, DetectConfig detect,
                             MetricsExport metrics, BatchOutputs.Settings batching)
        implements Serializable {

    /**
     * Also register the job's own metrics where Managed Service for Apache Flink exports them to CloudWatch; set by
     * default when the job runs there (see {@link MetricsExport}).
     */
    public static final String METRICS_CLOUDWATCH = "metrics.cloudwatch";

    /** Keys every deployment may set; source keys are {@code source.<name>.<key>}. */
    static final Set<String> KEYS = Set.of(
            "opensearch.url", "opensearch.auth", "opensearch.username", "opensearch.password", "opensearch.password-file",
            "opensearch.password-secret", "aws.endpoint.secretsmanager", "opensearch.region",
            "opensearch.sigv4-service", "opensearch.ca-certificate", "opensearch.allow-insecure-http",
            "opensearch.request-timeout", "opensearch.bulk.max-actions", "opensearch.bulk.max-bytes",
            "opensearch.bulk.flush-interval", "opensearch.bulk.max-in-flight", "opensearch.bulk.initial-backoff",
            "opensearch.bulk.max-backoff", "opensearch.bulk.max-item-retries", "opensearch.install-templates",
            PipelineConfig.METRICS_CLOUDWATCH,
            "index.shards", "index.replicas", "index.refresh-interval", "index.retention-days", "index.template-prefix",
            "index.granularity", "index.prefix.cloudtrail", "index.prefix.vpcflow", "index.prefix.elb", "index.prefix.deadletter",
            "index.prefix.findings",
            "parser.keep-original", "parser.max-record-bytes", "parser.max-parameter-chars", "parser.max-object-bytes",
            "parser.vpc-format",
            "aws.region", "aws.endpoint", "aws.endpoint.s3", "aws.endpoint.sqs", "aws.endpoint.kinesis", "aws.s3.path-style",
            "job.checkpoint-interval", "job.parallelism", "job.batch-size", "job.batch-max-delay",
            "detect.enabled", "detect.sigma.enabled", "detect.sigma.rules", "detect.out-of-orderness",
            "detect.max-signals-per-entity");
    static final Set<String> SOURCE_KEYS = Set.of("uri", "type", "watch", "interval", "lookback", "start-after",
            "prefixes", "initial-position", "initial-timestamp", "vpc-format");

    public static PipelineConfig from(Map<String, String> raw) {
        Map<String, String> m = new LinkedHashMap<>();
        raw.forEach((k, v) -> m.put(k.trim(), v == null ? "" : v.trim()));
        rejectUnknown(m);
        Reader r = new Reader(m);

        List<SourceConfig> sources = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (String k : m.keySet()) {
            if (k.startsWith("source.")) {
                String rest = k.substring(7);
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    names.add(rest.substring(0, dot));
                }
            }
        }
        String globalVpcFormat = r.string("parser.vpc-format", null);
        for (String name : names) {
            String p = "source." + name + ".";
            String uri = r.string(p + "uri", null);
            if (uri == null || uri.isEmpty()) {
                throw new ConfigException(p + "uri is required (s3://bucket/prefix, sqs://QUEUE_URL, kinesis://STREAM or file://DIR)");
            }
            SourceConfig s = SourceConfig.parse(name, uri);
            String prefixes = r.string(p + "prefixes", null);
            // A streaming pipeline keeps discovering by default; watch=false (--bounded) reads what exists and ends.
            Boolean watch = r.bool(p + "watch", null);
            if (watch == null && (s.kind() == SourceConfig.Kind.S3 || s.kind() == SourceConfig.Kind.FILE)) {
                watch = true;
            }
            s = s.with(r.type(p + "type"), watch, r.duration(p + "interval", null),
                    r.duration(p + "lookback", null), r.string(p + "start-after", null),
                    r.upper(p + "initial-position"), r.string(p + "initial-timestamp", null),
                    r.string(p + "vpc-format", globalVpcFormat),
                    prefixes == null ? null : List.of(prefixes.split("\\s*,\\s*")));
            if (s.kind() == SourceConfig.Kind.KINESIS) {
                String pos = s.initialPosition();
                if (!Set.of("LATEST", "TRIM_HORIZON", "AT_TIMESTAMP").contains(pos)) {
                    throw new ConfigException(p + "initial-position must be LATEST, TRIM_HORIZON or AT_TIMESTAMP, was " + pos);
                }
            }
            sources.add(s);
        }
        if (sources.isEmpty()) {
            throw new ConfigException("no source configured: set source.<name>.uri (or --source)");
        }

        String region = r.string("aws.region", null);
        boolean needsAws = sources.stream().anyMatch(s -> s.kind() != SourceConfig.Kind.FILE);
        AwsSettings aws = null;
        if (needsAws || region != null) {
            if (region == null) {
                throw new ConfigException("aws.region is required for S3, SQS and Kinesis sources (set AWS_REGION)");
            }
            URI generic = r.uri("aws.endpoint");
            aws = new AwsSettings(region, orElse(r.uri("aws.endpoint.s3"), generic), orElse(r.uri("aws.endpoint.sqs"), generic),
                    orElse(r.uri("aws.endpoint.kinesis"), generic), r.bool("aws.s3.path-style",
                    r.uri("aws.endpoint.s3") != null || generic != null));
        }

        OpenSearchSettings os;
        try {
            String secretId = r.string("opensearch.password-secret", null);
            PasswordSecret secret = secretId == null ? null : new PasswordSecret(secretId,
                    r.string("opensearch.region", region), orElse(r.uri("aws.endpoint.secretsmanager"), r.uri("aws.endpoint")));
            os = new OpenSearchSettings(r.uri("opensearch.url") == null ? URI.create("http://127.0.0.1:9200") : r.uri("opensearch.url"),
                    r.string("opensearch.auth", "none"), r.string("opensearch.username", null),
                    Secrets.password(r.string("opensearch.password", null), r.string("opensearch.password-file", null),
                            secret),
                    r.string("opensearch.region", region), r.string("opensearch.sigv4-service", "es"),
                    r.string("opensearch.ca-certificate", null), r.bool("opensearch.allow-insecure-http", false),
                    r.duration("opensearch.request-timeout", Duration.ofSeconds(60)), secret);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        String ca = os.caCertificate();
        if (ca != null && !Path.of(ca).toFile().canRead()) {
            throw new ConfigException("opensearch.ca-certificate " + ca + " does not exist or is not readable");
        }

        BulkSettings d = BulkSettings.defaults();
        BulkSettings bulk;
        try {
            bulk = new BulkSettings(r.integer("opensearch.bulk.max-actions", d.maxActions()),
                    r.bytes("opensearch.bulk.max-bytes", d.maxBytes()), r.duration("opensearch.bulk.flush-interval", d.flushInterval()),
                    r.integer("opensearch.bulk.max-in-flight", d.maxInFlight()), r.duration("opensearch.bulk.initial-backoff", d.initialBackoff()),
                    r.duration("opensearch.bulk.max-backoff", d.maxBackoff()), r.integer("opensearch.bulk.max-item-retries", d.maxItemRetries()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }

        String granularity = r.string("index.granularity", "day");
        Map<LogType, String> prefixes = new EnumMap<>(LogType.class);
        for (LogType t : LogType.values()) {
            String v = r.string("index.prefix." + t.id(), null);
            if (v != null) {
                if (!v.matches("[a-z0-9][a-z0-9._-]*")) {
                    throw new ConfigException("index.prefix." + t.id() + " must be a lowercase index name, was " + v);
                }
                prefixes.put(t, v);
            }
        }
        String dlPrefix = r.string("index.prefix.deadletter", IndexNames.DEAD_LETTER_PREFIX);
        if (!dlPrefix.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new ConfigException("index.prefix.deadletter must be a lowercase index name, was " + dlPrefix);
        }
        IndexNames indexNames;
        try {
            String findingsPrefix = r.string("index.prefix.findings", IndexNames.FINDINGS_PREFIX);
            if (!findingsPrefix.matches("[a-z0-9][a-z0-9._-]*")) {
                throw new ConfigException("index.prefix.findings must be a lowercase index name, was " + findingsPrefix);
            }
            indexNames = new IndexNames(IndexNames.granularity(granularity), prefixes, dlPrefix, findingsPrefix);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }

        ParserOptions parser;
        try {
            parser = new ParserOptions(globalVpcFormat, r.integer("parser.max-record-bytes", Lines.DEFAULT_MAX_LINE),
                    r.integer("parser.max-parameter-chars", ParserOptions.DEFAULT_MAX_PARAMETER_CHARS),
                    r.bool("parser.keep-original", false));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        long maxObject = r.bytes("parser.max-object-bytes", Dispatcher.DEFAULT_MAX_OBJECT_BYTES);

        Duration checkpoint = r.duration("job.checkpoint-interval", Duration.ofSeconds(30));
        if (checkpoint.toMillis() < 100) {
            throw new ConfigException("job.checkpoint-interval must be at least 100ms, was " + checkpoint);
        }
        int parallelism = r.integer("job.parallelism", -1);
        if (parallelism == 0 || parallelism < -1) {
            throw new ConfigException("job.parallelism must be a positive number, was " + parallelism);
        }
        BatchOutputs.Settings batching;
        try {
            batching = new BatchOutputs.Settings(r.integer("job.batch-size", BatchOutputs.DEFAULT_SIZE),
                    r.duration("job.batch-max-delay", BatchOutputs.DEFAULT_MAX_DELAY));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        IndexSetup.Settings setup;
        try {
            // Retention deletes data: no ISM policy unless asked for.
            setup = new IndexSetup.Settings(r.integer("index.shards", 1), r.integer("index.replicas", 0),
                    r.string("index.refresh-interval", "5s"), r.string("index.template-prefix", null), indexNames,
                    indexNames.deadLetterPrefix(), indexNames.findingsPrefix(), r.integer("index.retention-days", 0));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        return new PipelineConfig(List.copyOf(sources), os, bulk, indexNames, granularity, parser, maxObject, aws, checkpoint,
                parallelism, r.bool("opensearch.install-templates", true), setup, enrich(m), DetectConfig.from(m),
                new MetricsExport(r.bool(METRICS_CLOUDWATCH, false)), batching);
    }

    /** Enrichment is on unless switched off: related.*, community_id and user agents need no data files. */
    private static EnrichSettings enrich(Map<String, String> m) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("enrich.enabled", "true");
        m.forEach((k, v) -> {
            if (k.startsWith("enrich.") && !v.isEmpty()) {
                keys.put(k, v);
            }
        });
        try {
            return EnrichSettings.fromKeys(keys);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private static URI orElse(URI a, URI b) {
        return a != null ? a : b;
    }

    private static void rejectUnknown(Map<String, String> m) {
        for (String k : m.keySet()) {
            if (k.startsWith("source.")) {
                String rest = k.substring(7);
                int dot = rest.indexOf('.');
                if (dot <= 0 || !SOURCE_KEYS.contains(rest.substring(dot + 1))) {
                    throw new ConfigException("unknown setting " + k + " (source keys: source.<name>." + new TreeSet<>(SOURCE_KEYS) + ")");
                }
            } else if (!KEYS.contains(k) && !k.startsWith("detect.rule.") && !EnrichSettings.KEYS.contains(k)) {
                throw new ConfigException("unknown setting " + k);
            }
        }
    }

    /** Typed reads that name the key in every error. */
    private static final class Reader {
        private final Map<String, String> m;

        Reader(Map<String, String> m) {
            this.m = m;
        }

        String string(String key, String def) {
            String v = m.get(key);
            return v == null || v.isEmpty() ? def : v;
        }

        String upper(String key) {
            String v = string(key, null);
            return v == null ? null : v.toUpperCase(Locale.ROOT);
        }

        LogType type(String key) {
            String v = string(key, null);
            if (v == null || v.equalsIgnoreCase("auto")) {
                return null;
            }
            try {
                return LogType.fromName(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ": " + e.getMessage());
            }
        }

        Boolean bool(String key, Boolean def) {
            String v = string(key, null);
            if (v == null) {
                return def;
            }
            if (v.equalsIgnoreCase("true")) {
                return true;
            }
            if (v.equalsIgnoreCase("false")) {
                return false;
            }
            throw new ConfigException(key + " must be true or false, was " + v);
        }

        boolean bool(String key, boolean def) {
            return bool(key, (Boolean) def);
        }

        int integer(String key, int def) {
            String v = string(key, null);
            if (v == null) {
                return def;
            }
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " must be a whole number, was " + v);
            }
        }

        long bytes(String key, long def) {
            String v = string(key, null);
            if (v == null) {
                return def;
            }
            String s = v.toLowerCase(Locale.ROOT).replace("b", "");
            long mult = 1;
            if (s.endsWith("k")) {
                mult = 1L << 10;
            } else if (s.endsWith("m")) {
                mult = 1L << 20;
            } else if (s.endsWith("g")) {
                mult = 1L << 30;
            }
            try {
                return Long.parseLong(mult == 1 ? s : s.substring(0, s.length() - 1)) * mult;
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " must be a size such as 5mb, was " + v);
            }
        }

        Duration duration(String key, Duration def) {
            String v = string(key, null);
            if (v == null) {
                return def;
            }
            try {
                return io.siemflink.parsers.Durations.parse(key, v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), e);
            }
        }

        URI uri(String key) {
            String v = string(key, null);
            if (v == null) {
                return null;
            }
            try {
                URI u = URI.create(v);
                if (u.getScheme() == null || u.getHost() == null) {
                    throw new IllegalArgumentException("not absolute");
                }
                return u;
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + " must be an absolute URL such as http://127.0.0.1:9200, was " + v);
            }
        }
    }

    /** Never prints secrets. */
    @Override
    public String toString() {
        return "PipelineConfig[sources=" + sources + ", opensearch=" + opensearch + ", index granularity=" + indexGranularity
                + ", checkpoint=" + checkpointInterval + "]";
    }
}
