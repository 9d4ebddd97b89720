package io.siemflink.cli;

import io.siemflink.pipeline.config.ConfigSources;
import io.siemflink.pipeline.config.PipelineConfig;
import io.siemflink.pipeline.opensearch.IndexSetup;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Index templates (and the ISM policy where the plugin exists): before each run, and as {@code siem setup}. */
final class Setup {
    static final String HELP = """
            usage: siem setup [--opensearch URL] [--config FILE] [--set KEY=VALUE]...
              installs the component and index templates (idempotent: unchanged ones are left alone) and, when the
              index-management plugin is present and index.retention-days > 0, the ISM retention policy.
            """;

    private Setup() {
    }

    static List<String> install(OpenSearchClient client, PipelineConfig config) throws IOException, InterruptedException {
        if (!config.installTemplates()) {
            return List.of("index templates: not installed (opensearch.install-templates=false)");
        }
        return new IndexSetup(client, config.indexSetup()).install().lines();
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Map<String, String> raw = new LinkedHashMap<>();
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--opensearch" -> flags.put("opensearch.url", ParseCommand.value(args, ++i, "--opensearch"));
                case "--config" -> raw.putAll(ConfigSources.file(Path.of(ParseCommand.value(args, ++i, "--config"))));
                case "--set" -> ParseCommand.setting(ParseCommand.value(args, ++i, "--set"), flags);
                case "--help", "-h" -> {
                    err.print(HELP);
                    return 0;
                }
                default -> throw new UsageException("unknown option " + args[i] + "\n" + HELP);
            }
        }
        raw.putAll(ConfigSources.environment(System.getenv()));
        raw.putAll(flags);
        // Setup needs no source; a placeholder satisfies validation without touching anything.
        raw.putIfAbsent("source.setup.uri", ".");
        PipelineConfig config = PipelineConfig.from(raw);
        OpenSearchClient client = new OpenSearchClient(config.opensearch());
        try {
            for (String line : new IndexSetup(client, config.indexSetup()).install().lines()) {
                out.println(line);
            }
        } catch (IOException e) {
            err.println("siem setup: OpenSearch at " + config.opensearch().url() + ": " + e.getMessage());
            return 1;
        }
        return 0;
    }
}
