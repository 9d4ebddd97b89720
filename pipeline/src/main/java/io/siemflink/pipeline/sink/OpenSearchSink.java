package io.siemflink.pipeline.sink;

import io.siemflink.pipeline.job.MetricsExport;
import io.siemflink.pipeline.opensearch.OpenSearchClient;
import io.siemflink.pipeline.opensearch.OpenSearchSettings;
import java.io.IOException;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Sink V2 into OpenSearch: at-least-once (everything pending is flushed on checkpoint), deterministic ids and
 * the {@code index} operation so replays overwrite, permanent failures to the dead-letter index.
 *
 * <p>Metrics (operator scope): {@code documentsIndexed}, {@code deadLetterDocumentsIndexed},
 * {@code documentsDeadLettered}, {@code documentsRetried}, {@code bulkRequestsFailed}, {@code deadLettersLost},
 * {@code bulkLatencyMs} (histogram), {@code pendingDocuments} (gauge).
 */
public final class OpenSearchSink implements Sink<IndexAction> {
    private static final long serialVersionUID = 1L;

    private final OpenSearchSettings settings;
    private final BulkSettings bulk;
    private final IndexNames names;
    private final MetricsExport metricsExport;

    public OpenSearchSink(OpenSearchSettings settings, BulkSettings bulk, IndexNames names) {
        this(settings, bulk, names, MetricsExport.LOCAL);
    }

    public OpenSearchSink(OpenSearchSettings settings, BulkSettings bulk, IndexNames names, MetricsExport metricsExport) {
        this.settings = settings;
        this.bulk = bulk;
        this.names = names;
        this.metricsExport = metricsExport;
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<IndexAction> createWriter(InitContext context) {
        return new Writer(new OpenSearchClient(settings), bulk, names, context.getProcessingTimeService(), context.metricGroup(),
                metricsExport);
    }

    static final class Writer implements SinkWriter<IndexAction> {
        private final BulkIndexer indexer;
        private final ProcessingTimeService timers;
        private final long intervalMillis;
        private volatile IOException timerFailure;

        Writer(OpenSearchClient client, BulkSettings bulk, IndexNames names, ProcessingTimeService timers,
               SinkWriterMetricGroup metrics, MetricsExport export) {
            MetricsExport.Registrar m = export.on(metrics);
            Counter indexed = m.counter("documentsIndexed");
            Counter dlIndexed = m.counter("deadLetterDocumentsIndexed");
            Counter deadLettered = m.counter("documentsDeadLettered");
            Counter retried = m.counter("documentsRetried");
            Counter failedRequests = m.counter("bulkRequestsFailed");
            Counter lost = m.counter("deadLettersLost");
            Histogram latency = metrics.histogram("bulkLatencyMs", new DescriptiveStatisticsHistogram(1000));
            Counter sent = metrics.getNumRecordsSendCounter();
            this.indexer = new BulkIndexer(client, bulk, new DeadLetterDocs(names), new BulkIndexer.Listener() {
                @Override
                public void indexed(int documents, int deadLetterDocuments) {
                    indexed.inc(documents);
                    dlIndexed.inc(deadLetterDocuments);
                    sent.inc(documents + deadLetterDocuments);
                }

                @Override
                public void deadLettered(int documents) {
                    deadLettered.inc(documents);
                }

                @Override
                public void retried(int documents) {
                    retried.inc(documents);
                }

                @Override
                public void requestFailed() {
                    failedRequests.inc();
                }

                @Override
                public void bulkLatency(long millis) {
                    latency.update(millis);
                }

                @Override
                public void deadLetterLost(IndexAction action, String reason) {
                    lost.inc();
                }
            });
            m.gauge("pendingDocuments", (org.apache.flink.metrics.Gauge<Integer>) indexer::pendingSnapshot);
            this.timers = timers;
            this.intervalMillis = bulk.flushInterval().toMillis();
            scheduleFlush();
        }

        private void scheduleFlush() {
            timers.registerTimer(timers.getCurrentProcessingTime() + intervalMillis, t -> {
                try {
                    indexer.flushIfDue();
                } catch (IOException e) {
                    timerFailure = e;
                }
                scheduleFlush();
            });
        }

        @Override
        public void write(IndexAction element, Context context) throws IOException, InterruptedException {
            rethrowTimerFailure();
            indexer.add(element);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            rethrowTimerFailure();
            indexer.flush();
        }

        private void rethrowTimerFailure() throws IOException {
            if (timerFailure != null) {
                throw timerFailure;
            }
        }

        @Override
        public void close() {
        }
    }
}
