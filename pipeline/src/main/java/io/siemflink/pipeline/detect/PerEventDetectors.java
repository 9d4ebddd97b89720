package io.siemflink.pipeline.detect;

import io.siemflink.detect.EventDetector;
import io.siemflink.pipeline.config.DetectConfig;

/** Builds the per-event detector (the Sigma engine) a task runs, from the configuration. */
public final class PerEventDetectors {
    private PerEventDetectors() {
    }

    /** @return the detector, or null when per-event rules are off */
    public static EventDetector create(DetectConfig config) {
        return null;
    }
}
