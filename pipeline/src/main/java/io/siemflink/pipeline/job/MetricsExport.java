package io.siemflink.pipeline.job;

import java.io.Serializable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * Where the job registers its own metrics. Always in the operator's metric group, as Flink's reporters (Prometheus,
 * JMX, the web UI) show them; with {@code metrics.cloudwatch} also a second time, the same metric objects, under
 * the group {@value #CLOUDWATCH_GROUP}: Managed Service for Apache Flink sends an application's own metrics to
 * CloudWatch only from a group of that name (its key-value subgroups become dimensions, so {@code type=cloudtrail}
 * is a dimension there as it is a label in Prometheus). Counters and gauges only: CloudWatch takes no histograms.
 *
 * @param cloudWatch whether to register the second copy ({@code metrics.cloudwatch}; on by default on Managed Flink)
 */
public record MetricsExport(boolean cloudWatch) implements Serializable {
    public static final String CLOUDWATCH_GROUP = "kinesisanalytics";
    /** Flink's reporters only. */
    public static final MetricsExport LOCAL = new MetricsExport(false);

    /** Registers into {@code group} (an operator's, a source reader's or a sink writer's). */
    public Registrar on(MetricGroup group) {
        return new Registrar(group, cloudWatch ? group.addGroup(CLOUDWATCH_GROUP) : null);
    }

    /** A metric group and, when exporting to CloudWatch, its twin below {@value #CLOUDWATCH_GROUP}. */
    public static final class Registrar {
        private final MetricGroup group;
        private final MetricGroup twin;

        Registrar(MetricGroup group, MetricGroup twin) {
            this.group = group;
            this.twin = twin;
        }

        /** The group for histograms and other metrics that stay with Flink's reporters. */
        public MetricGroup group() {
            return group;
        }

        public Registrar addGroup(String name) {
            return new Registrar(group.addGroup(name), twin == null ? null : twin.addGroup(name));
        }

        public Registrar addGroup(String key, String value) {
            return new Registrar(group.addGroup(key, value), twin == null ? null : twin.addGroup(key, value));
        }

        public Counter counter(String name) {
            Counter c = group.counter(name);
            if (twin != null) {
                twin.counter(name, c);
            }
            return c;
        }

        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            group.gauge(name, gauge);
            if (twin != null) {
                twin.gauge(name, gauge);
            }
            return gauge;
        }
    }
}
