package io.siemflink.pipeline.config;

import io.siemflink.pipeline.opensearch.PasswordSecret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The OpenSearch password, from exactly one of: the environment ({@code OPENSEARCH_PASSWORD}, merged into
 * {@code opensearch.password}), a file ({@code opensearch.password-file}, e.g. a mounted Kubernetes or Docker secret)
 * or AWS Secrets Manager ({@code opensearch.password-secret}: a secret name or ARN whose string is the password, or
 * JSON with a {@code password} member, see {@link PasswordSecret}). Errors name the setting and the file or secret,
 * never what they hold.
 */
final class Secrets {
    private Secrets() {
    }

    /**
     * The password from the environment or a file; null when it is in Secrets Manager ({@code secret}), which is
     * read once here so that a wrong id or a missing permission stops the job at start, and then dropped: clients
     * fetch it where they are built ({@link PasswordSecret}).
     */
    static String password(String direct, String file, PasswordSecret secret) {
        String secretId = secret == null ? null : secret.id();
        int given = (direct != null ? 1 : 0) + (file != null ? 1 : 0) + (secretId != null ? 1 : 0);
        if (given > 1) {
            throw new ConfigException("set only one of OPENSEARCH_PASSWORD, opensearch.password-file and"
                    + " opensearch.password-secret");
        }
        if (file != null) {
            return fromFile(Path.of(file));
        }
        if (secret != null) {
            secret.fetch();
            return null;
        }
        return direct;
    }

    static String fromFile(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8);
            // Secret files usually end with a newline that is not part of the secret.
            s = s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
            if (s.isEmpty()) {
                throw new ConfigException("opensearch.password-file " + file + " is empty");
            }
            return s;
        } catch (IOException e) {
            throw new ConfigException("opensearch.password-file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

}
