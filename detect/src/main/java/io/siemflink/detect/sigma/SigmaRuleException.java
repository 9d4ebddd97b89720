package io.siemflink.detect.sigma;

/** A rule that cannot be loaded; the message is the precise reason shown to the user. */
public final class SigmaRuleException extends Exception {
    private static final long serialVersionUID = 1L;

    public SigmaRuleException(String reason) {
        super(reason);
    }
}
