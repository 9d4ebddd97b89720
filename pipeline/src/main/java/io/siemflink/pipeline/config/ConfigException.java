package io.siemflink.pipeline.config;

/** A configuration that cannot run; the message names the setting and what is wrong with it. */
public class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
