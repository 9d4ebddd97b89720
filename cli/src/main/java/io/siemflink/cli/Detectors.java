package io.siemflink.cli;

import io.siemflink.detect.EventDetector;
import io.siemflink.detect.sigma.SigmaEngine;
import io.siemflink.detect.sigma.SigmaEngines;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/** The per-event detector for the CLI: the same Sigma engine the job builds. */
final class Detectors {
    private Detectors() {
    }

    /** @param rulesDir a Sigma rules directory added to the shipped rules, or null */
    static EventDetector sigma(String rulesDir, boolean quiet, PrintStream err) {
        try {
            SigmaEngine engine = SigmaEngines.load(rulesDir, quiet ? m -> { } : err::println);
            if (!quiet) {
                err.println("sigma: " + engine.rules().size() + " rules");
            }
            return engine;
        } catch (UncheckedIOException e) {
            throw new UsageException(e.getCause().getMessage());
        }
    }
}
