package io.siemflink.cluster;

import java.util.Properties;
import org.apache.flink.metrics.prometheus.LoopbackPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.util.NetUtils;

/**
 * {@code metrics.reporter.prom.factory.class: io.siemflink.cluster.LoopbackPrometheusReporterFactory}: Flink's
 * Prometheus exposition on {@code host} (default 127.0.0.1) and the first free port of {@code port} (a number or a
 * range such as {@code 9249-9250}: a JobManager and a TaskManager on one machine each take one).
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {
    public static final String DEFAULT_HOST = "127.0.0.1";

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        String host = properties.getProperty("host", DEFAULT_HOST);
        String ports = properties.getProperty("port", "9249");
        return new LoopbackPrometheusReporter(host, NetUtils.getPortRangeFromString(ports));
    }
}
