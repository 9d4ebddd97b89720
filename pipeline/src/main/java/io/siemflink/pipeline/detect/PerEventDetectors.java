package io.siemflink.pipeline.detect;

import io.siemflink.detect.EventDetector;
import io.siemflink.detect.sigma.SigmaEngines;
import io.siemflink.pipeline.config.DetectConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the per-event detector (the Sigma engine) a task runs, from the configuration. */
public final class PerEventDetectors {
    private static final Logger LOG = LoggerFactory.getLogger(PerEventDetectors.class);

    private PerEventDetectors() {
    }

    /** @return the Sigma engine over the shipped rules plus {@code detect.sigma.rules}, or null when Sigma is off */
    public static EventDetector create(DetectConfig config) {
        if (!config.sigma()) {
            return null;
        }
        var engine = SigmaEngines.load(config.sigmaRules(), LOG::warn);
        LOG.info("Sigma: {} rules", engine.rules().size());
        return engine;
    }
}
