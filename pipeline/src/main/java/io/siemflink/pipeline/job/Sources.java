package io.siemflink.pipeline.job;

import io.siemflink.parsers.ParserOptions;
import io.siemflink.pipeline.config.ConfigException;
import io.siemflink.pipeline.config.PipelineConfig;
import io.siemflink.pipeline.config.SourceConfig;
import io.siemflink.pipeline.model.ParseOutputTypeInfo;
import io.siemflink.pipeline.source.kinesis.KinesisSourceSettings;
import io.siemflink.pipeline.source.kinesis.KinesisSources;
import io.siemflink.pipeline.source.notify.NotificationQueue;
import io.siemflink.pipeline.source.notify.QueueNotifications;
import io.siemflink.pipeline.source.notify.SqsNotificationQueue;
import io.siemflink.pipeline.source.objects.Discovery;
import io.siemflink.pipeline.source.objects.LocalObjectStore;
import io.siemflink.pipeline.source.objects.ObjectSource;
import io.siemflink.pipeline.source.objects.ObjectStore;
import io.siemflink.pipeline.source.objects.PrefixScan;
import io.siemflink.pipeline.source.objects.S3ObjectStore;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/** Builds the job's inputs from configuration. */
public final class Sources {
    private Sources() {
    }

    public static JobSource create(SourceConfig s, PipelineConfig config) {
        ParserOptions options = config.parser().withVpcFormat(s.vpcFormat());
        String uid = "source-" + s.name();
        switch (s.kind()) {
            case FILE:
                return objects(new LocalObjectStore(), s, options, config.maxObjectBytes(), config.metrics());
            case S3:
                return objects(new S3ObjectStore(config.aws()), s, options, config.maxObjectBytes(), config.metrics());
            case SQS:
                return notifications(new SqsNotificationQueue(config.aws(), s.location()), new S3ObjectStore(config.aws()), s,
                        options, config.maxObjectBytes(), config.metrics());
            case KINESIS: {
                KinesisSourceSettings k;
                try {
                    k = new KinesisSourceSettings(s.location(), config.aws().region(), config.aws().kinesisEndpoint(),
                            KinesisSourceSettings.InitialPosition.valueOf(s.initialPosition()),
                            s.initialTimestamp() == null ? null : Instant.parse(s.initialTimestamp()), s.logType(), options);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("source." + s.name() + ": " + e.getMessage(), e);
                }
                return env -> env.fromSource(KinesisSources.create(k, Map.of(), config.metrics()), WatermarkStrategy.noWatermarks(), uid,
                        ParseOutputTypeInfo.INSTANCE).uid(uid);
            }
            default:
                throw new ConfigException("source." + s.name() + ": unsupported kind " + s.kind());
        }
    }

    public static JobSource objects(ObjectStore store, SourceConfig s, ParserOptions options, long maxObjectBytes) {
        return objects(store, s, options, maxObjectBytes, MetricsExport.LOCAL);
    }

    public static JobSource objects(ObjectStore store, SourceConfig s, ParserOptions options, long maxObjectBytes,
                                    MetricsExport metrics) {
        Discovery d = new PrefixScan(store, s.location(), s.prefixes(), s.logType(), s.watch(), s.interval(), s.lookback(),
                s.startAfter());
        return of(s.name(), new ObjectSource(store, d, options, maxObjectBytes, metrics));
    }

    public static JobSource notifications(NotificationQueue queue, ObjectStore store, SourceConfig s, ParserOptions options,
                                          long maxObjectBytes) {
        return notifications(queue, store, s, options, maxObjectBytes, MetricsExport.LOCAL);
    }

    public static JobSource notifications(NotificationQueue queue, ObjectStore store, SourceConfig s, ParserOptions options,
                                          long maxObjectBytes, MetricsExport metrics) {
        Discovery d = new QueueNotifications(queue, s.logType(), s.interval());
        return of(s.name(), new ObjectSource(store, d, options, maxObjectBytes, metrics));
    }

    public static JobSource of(String name, ObjectSource source) {
        String uid = "source-" + name;
        return env -> env.fromSource(source, WatermarkStrategy.noWatermarks(), uid, ParseOutputTypeInfo.INSTANCE).uid(uid);
    }
}
