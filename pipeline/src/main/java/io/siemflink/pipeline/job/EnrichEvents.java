package io.siemflink.pipeline.job;

import io.siemflink.enrich.EnrichSettings;
import io.siemflink.enrich.EnrichStats;
import io.siemflink.enrich.Enricher;
import io.siemflink.parsers.event.Event;
import io.siemflink.pipeline.model.ParseOutput;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Gauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enriches each event of a batch in place (GeoIP/ASN, user agent, threat intel, account names, related.*,
 * community_id), chained between the source's {@link BatchOutputs} and the conversion to index actions. The
 * {@link Enricher} never throws for one event; its counters become gauges under {@code siem.enrich}.
 */
public final class EnrichEvents extends RichMapFunction<List<ParseOutput>, List<ParseOutput>> {
    private static final Logger LOG = LoggerFactory.getLogger(EnrichEvents.class);
    private final EnrichSettings settings;
    private transient Enricher enricher;

    private final MetricsExport metricsExport;

    public EnrichEvents(EnrichSettings settings) {
        this(settings, MetricsExport.LOCAL);
    }

    public EnrichEvents(EnrichSettings settings, MetricsExport metricsExport) {
        this.settings = settings;
        this.metricsExport = metricsExport;
    }

    @Override
    public void open(OpenContext ctx) {
        enricher = Enricher.open(settings, LOG::warn);
        enricher.describe().forEach(line -> LOG.info("enrichment: {}", line));
        MetricsExport.Registrar g = metricsExport.on(getRuntimeContext().getMetricGroup()).addGroup("siem").addGroup("enrich");
        gauge(g, "geoHits", s -> s.geoHits);
        gauge(g, "geoMisses", s -> s.geoMisses);
        gauge(g, "userAgentsParsed", s -> s.userAgentsParsed);
        gauge(g, "intelMatches", s -> s.intelMatches);
        gauge(g, "accountsNamed", s -> s.accountsNamed);
        gauge(g, "errors", s -> s.errors);
    }

    private void gauge(MetricsExport.Registrar g, String name, ToLongFunction<EnrichStats> f) {
        // Read from the metrics thread: a slightly stale long is fine for a counter gauge.
        g.gauge(name, (Gauge<Long>) () -> f.applyAsLong(enricher.stats()));
    }

    @Override
    public List<ParseOutput> map(List<ParseOutput> batch) {
        for (int i = 0, n = batch.size(); i < n; i++) {
            Event e = batch.get(i).event();
            if (e != null) {
                enricher.enrich(e);
            }
        }
        return batch;
    }

    @Override
    public void close() throws Exception {
        if (enricher != null) {
            enricher.close();
        }
    }
}
