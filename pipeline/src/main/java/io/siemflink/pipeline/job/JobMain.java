package io.siemflink.pipeline.job;

import io.siemflink.pipeline.config.ConfigSources;
import io.siemflink.pipeline.config.PipelineConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's entry point for {@code flink run} and Amazon Managed Service for Apache Flink. Settings come from
 * (lowest first) {@code --config FILE}, the Managed Flink property groups (or {@code --properties FILE} in their
 * JSON format for local runs), and the environment.
 */
public final class JobMain {
    private static final Logger LOG = LoggerFactory.getLogger(JobMain.class);

    private JobMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> raw = new LinkedHashMap<>();
        Path properties = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> raw.putAll(ConfigSources.file(Path.of(args[++i])));
                case "--properties" -> properties = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--config FILE, --properties FILE)");
            }
        }
        raw.putAll(ConfigSources.managedFlink(properties));
        raw.putAll(ConfigSources.environment(System.getenv()));
        PipelineConfig config = PipelineConfig.from(raw);
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
}
