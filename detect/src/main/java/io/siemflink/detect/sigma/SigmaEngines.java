package io.siemflink.detect.sigma;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The engine the job and {@code siem detect} run: the shipped rules, plus (by id, overriding) a directory's. */
public final class SigmaEngines {
    private SigmaEngines() {
    }

    /**
     * @param rulesDir  a directory of Sigma rules to add to the shipped ones, or null
     * @param rejected  told about every rule that could not be loaded, with its reason
     * @throws UncheckedIOException when the directory cannot be read (a configuration error)
     */
    public static SigmaEngine load(String rulesDir, Consumer<String> rejected) {
        SigmaLoader loader = SigmaLoader.withDefaultMapping();
        SigmaRules rules = loader.loadBundled();
        if (rulesDir != null) {
            try {
                rules = rules.plus(loader.loadDirectory(Path.of(rulesDir), null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (SigmaRules.Rejected r : rules.rejected()) {
            rejected.accept("Sigma rule " + r.source() + " not loaded: " + r.reason());
        }
        return new SigmaEngine(rules.rules());
    }
}
