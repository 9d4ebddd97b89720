package io.siemflink.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalFlinkClusterTest {
    @Test
    void everyListenerIsOnLoopbackAndUserSettingsWin() {
        Path dir = Path.of("/tmp/siem-cluster-config-test");
        LocalFlinkCluster.Settings s = new LocalFlinkCluster.Settings(dir, 18081, 19249, 3, "1g", "2g", dir,
                Map.of("parallelism.default", "2"));
        Map<String, String> c = LocalFlinkCluster.configuration(dir, 18081, 19249, s);
        for (String k : new String[] {"jobmanager.rpc.address", "jobmanager.bind-host", "taskmanager.host", "taskmanager.bind-host",
                "rest.address", "rest.bind-address", "metrics.reporter.prom.host"}) {
            assertThat(c).as(k).containsEntry(k, "127.0.0.1");
        }
        assertThat(c).containsEntry("rest.port", "18081").containsEntry("metrics.reporter.prom.port", "19249-19250")
                .containsEntry("metrics.reporter.prom.factory.class", LoopbackPrometheusReporterFactory.class.getName())
                .containsEntry("taskmanager.numberOfTaskSlots", "3").containsEntry("taskmanager.memory.process.size", "2g")
                .containsEntry("parallelism.default", "2")
                .containsEntry("state.checkpoints.dir", dir.resolve("checkpoints").toUri().toString());
        assertThat(Integer.parseInt(c.get("jobmanager.rpc.port"))).isPositive();

        assertThat(LocalFlinkCluster.configuration(dir, 18081, -1, s)).doesNotContainKey("metrics.reporter.prom.factory.class");
        assertThatThrownBy(() -> new LocalFlinkCluster.Settings(dir, 0, 0, 0, "1g", "1g", dir, Map.of()))
                .hasMessageContaining("slots");
    }
}
