package io.siemflink.cli;

import io.siemflink.pipeline.config.PipelineConfig;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import java.util.List;

/** Index setup before a run; the templates land with the index-template work. */
final class Setup {
    private Setup() {
    }

    static List<String> install(OpenSearchClient client, PipelineConfig config) {
        return List.of();
    }
}
