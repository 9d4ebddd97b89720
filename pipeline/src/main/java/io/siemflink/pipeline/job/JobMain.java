package io.siemflink.pipeline.job;

import io.siemflink.pipeline.config.ConfigException;
import io.siemflink.pipeline.config.ConfigSources;
import io.siemflink.pipeline.config.PipelineConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's entry point for {@code flink run}, a cluster's REST API ({@code siem run --cluster}) and Amazon Managed
 * Service for Apache Flink (the manifest's main class of {@code siemflink-job.jar}). Settings come from (lowest
 * first) {@code --config FILE}, the Managed Flink property groups (or {@code --properties FILE} in their JSON format
 * for local runs), the environment, and {@code --set KEY=VALUE} arguments.
 */
public final class JobMain {
    private static final Logger LOG = LoggerFactory.getLogger(JobMain.class);

    private JobMain() {
    }

    public static void main(String[] args) throws Exception {
        PipelineConfig config = config(args, System.getenv());
        LOG.info("starting with {}", config);
        if (config.installTemplates()) {
            // Idempotent: unchanged templates are not rewritten.
            var client = new io.siemflink.pipeline.opensearch.OpenSearchClient(config.opensearch());
            new io.siemflink.pipeline.opensearch.IndexSetup(client, config.indexSetup()).install().lines()
                    .forEach(l -> LOG.info("index setup: {}", l));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SiemJob.fromConfig(env, config);
        env.execute("siemflink");
    }

    /** The validated configuration from the arguments, the Managed Flink property groups and {@code env}. */
    public static PipelineConfig config(String[] args, Map<String, String> env) {
        Map<String, String> raw = new LinkedHashMap<>();
        if (ConfigSources.onManagedFlink()) {
            // on Managed Flink our metrics should reach CloudWatch; any source below may still say otherwise
            raw.put(PipelineConfig.METRICS_CLOUDWATCH, "true");
        }
        Map<String, String> sets = new LinkedHashMap<>();
        Path properties = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length || !List.of("--config", "--properties", "--set").contains(a)) {
                throw new ConfigException("unknown argument " + a + " (--config FILE, --properties FILE, --set KEY=VALUE)");
            }
            String v = args[++i];
            switch (a) {
                case "--config" -> raw.putAll(ConfigSources.file(Path.of(v)));
                case "--properties" -> properties = Path.of(v);
                default -> {
                    int eq = v.indexOf('=');
                    if (eq <= 0) {
                        throw new ConfigException("--set needs KEY=VALUE, got " + v);
                    }
                    sets.put(v.substring(0, eq).trim(), v.substring(eq + 1));
                }
            }
        }
        raw.putAll(ConfigSources.managedFlink(properties));
        raw.putAll(ConfigSources.environment(env));
        raw.putAll(sets);
        return PipelineConfig.from(raw);
    }
}
