package io.siemflink.detect;

import java.util.Locale;

/** Where a finding's rule comes from: {@code rule.ruleset}. */
public enum Ruleset {
    /** A Sigma rule loaded from YAML. */
    SIGMA,
    /** A windowed detection shipped with the pipeline. */
    BUILTIN,
    /** A finding that joins other findings. */
    CORRELATION;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
