package io.siemflink.pipeline.source.objects;

import io.siemflink.parsers.ParserOptions;
import io.siemflink.pipeline.job.MetricsExport;
import io.siemflink.pipeline.model.ParseOutput;
import io.siemflink.pipeline.model.ParseOutputTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * FLIP-27 source of parsed AWS log records from objects: one split per object, found by a {@link Discovery}
 * (prefix scan or S3 event notifications) in an {@link ObjectStore} (S3 or a local bucket-shaped directory).
 * Bounded for a one-time scan (backfills, tests, the demo), unbounded otherwise.
 */
public final class ObjectSource implements Source<ParseOutput, ObjectSplit, EnumState>, ResultTypeQueryable<ParseOutput> {
    private static final long serialVersionUID = 1L;

    private final ObjectStore store;
    private final Discovery discovery;
    private final ParserOptions options;
    private final long maxObjectBytes;
    private final MetricsExport metricsExport;

    public ObjectSource(ObjectStore store, Discovery discovery, ParserOptions options, long maxObjectBytes) {
        this(store, discovery, options, maxObjectBytes, MetricsExport.LOCAL);
    }

    public ObjectSource(ObjectStore store, Discovery discovery, ParserOptions options, long maxObjectBytes,
                        MetricsExport metricsExport) {
        this.store = store;
        this.discovery = discovery;
        this.options = options;
        this.maxObjectBytes = maxObjectBytes;
        this.metricsExport = metricsExport;
    }

    @Override
    public Boundedness getBoundedness() {
        return discovery.continuous() ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<ParseOutput, ObjectSplit> createReader(SourceReaderContext context) {
        return new ObjectReader(context, store, options, maxObjectBytes, metricsExport);
    }

    @Override
    public SplitEnumerator<ObjectSplit, EnumState> createEnumerator(SplitEnumeratorContext<ObjectSplit> context) {
        return new ObjectEnumerator(context, discovery, null);
    }

    @Override
    public SplitEnumerator<ObjectSplit, EnumState> restoreEnumerator(SplitEnumeratorContext<ObjectSplit> context, EnumState state) {
        return new ObjectEnumerator(context, discovery, state);
    }

    @Override
    public SimpleVersionedSerializer<ObjectSplit> getSplitSerializer() {
        return ObjectSplit.Serializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<EnumState> getEnumeratorCheckpointSerializer() {
        return new EnumState.Serializer();
    }

    @Override
    public TypeInformation<ParseOutput> getProducedType() {
        return ParseOutputTypeInfo.INSTANCE;
    }
}
