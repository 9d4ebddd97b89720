package io.siemflink.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class MetricsExportTest {
    /** A metric group that records what is registered where, by path ("a.k=v.name"). */
    private static final class Recording extends UnregisteredMetricsGroup {
        private final Map<String, Metric> registered;
        private final String path;

        Recording(Map<String, Metric> registered, String path) {
            this.registered = registered;
            this.path = path;
        }

        private String at(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        @Override
        public Counter counter(String name) {
            return counter(name, new SimpleCounter());
        }

        @Override
        public <C extends Counter> C counter(String name, C counter) {
            registered.put(at(name), counter);
            return counter;
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            registered.put(at(name), gauge);
            return gauge;
        }

        @Override
        public MetricGroup addGroup(String name) {
            return new Recording(registered, at(name));
        }

        @Override
        public MetricGroup addGroup(String key, String value) {
            return new Recording(registered, at(key + "=" + value));
        }
    }

    private static Map<String, Metric> register(MetricsExport export) {
        Map<String, Metric> registered = new LinkedHashMap<>();
        MetricsExport.Registrar siem = export.on(new Recording(registered, "")).addGroup("siem");
        siem.addGroup("type", "cloudtrail").counter("events").inc(3);
        siem.gauge("pendingDocuments", (Gauge<Long>) () -> 7L);
        return registered;
    }

    @Test
    void locallyOnlyInTheOperatorsGroup() {
        assertThat(register(MetricsExport.LOCAL)).containsOnlyKeys("siem.type=cloudtrail.events", "siem.pendingDocuments");
    }

    @Test
    void forCloudWatchTheSameMetricsAgainUnderTheGroupManagedFlinkExports() {
        Map<String, Metric> m = register(new MetricsExport(true));
        assertThat(m).containsOnlyKeys("siem.type=cloudtrail.events", "siem.pendingDocuments",
                "kinesisanalytics.siem.type=cloudtrail.events", "kinesisanalytics.siem.pendingDocuments");
        // one counter, two names: both show every increment
        assertThat(m.get("kinesisanalytics.siem.type=cloudtrail.events")).isSameAs(m.get("siem.type=cloudtrail.events"));
        assertThat(((Counter) m.get("kinesisanalytics.siem.type=cloudtrail.events")).getCount()).isEqualTo(3);
        assertThat(((Gauge<?>) m.get("kinesisanalytics.siem.pendingDocuments")).getValue()).isEqualTo(7L);
    }
}
