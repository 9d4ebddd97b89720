package io.siemflink.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.prometheus.LoopbackPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.runtime.metrics.filter.MetricFilter;
import org.apache.flink.runtime.metrics.groups.FrontMetricGroup;
import org.apache.flink.runtime.metrics.groups.ReporterScopedSettings;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.junit.jupiter.api.Test;

class LoopbackPrometheusReporterTest {
    static MetricReporter reporter(String ports) {
        Properties p = new Properties();
        p.setProperty("port", ports);
        MetricReporter r = new LoopbackPrometheusReporterFactory().createMetricReporter(p);
        r.open(new MetricConfig());
        return r;
    }

    @Test
    void servesFlinkMetricsInPrometheusFormatOnLoopbackOnly() throws Exception {
        int port = LocalFlinkCluster.freePort();
        MetricReporter r = reporter(Integer.toString(port));
        try {
            SimpleCounter indexed = new SimpleCounter();
            indexed.inc(42);
            // What Flink hands a reporter: the group behind a reporter-scoped front.
            r.notifyOfAddedMetric(indexed, "documentsIndexed", new FrontMetricGroup<>(new ReporterScopedSettings(0, '.',
                    MetricFilter.NO_OP_FILTER, Set.of(), Map.of()), UnregisteredMetricGroups.createUnregisteredTaskManagerMetricGroup()));
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).containsPattern("(?m)^flink_taskmanager_documentsIndexed\\{.*\\} 42\\.0$");

            // Listening on loopback, not on every interface (what Flink's own PrometheusReporter does).
            InetSocketAddress bound = ((LoopbackPrometheusReporter) r).address();
            assertThat(bound.getAddress().isLoopbackAddress()).as(bound.toString()).isTrue();
            assertThat(bound.getAddress().isAnyLocalAddress()).isFalse();
        } finally {
            r.close();
        }
    }

    @Test
    void takesTheNextPortOfTheRangeWhenOneIsTaken() throws Exception {
        int first = LocalFlinkCluster.freePortPair();
        MetricReporter jobManager = reporter(first + "-" + (first + 1));
        MetricReporter taskManager = reporter(first + "-" + (first + 1));
        try {
            assertThat(((LoopbackPrometheusReporter) jobManager).port()).isEqualTo(first);
            assertThat(((LoopbackPrometheusReporter) taskManager).port()).isEqualTo(first + 1);
            assertThatThrownBy(() -> reporter(first + "-" + (first + 1))).hasMessageContaining("could not bind");
        } finally {
            jobManager.close();
            taskManager.close();
        }
    }
}
