package io.siemflink.pipeline.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The OpenSearch password, from exactly one of: the environment ({@code OPENSEARCH_PASSWORD}, merged into
 * {@code opensearch.password}), a file ({@code opensearch.password-file}, e.g. a mounted Kubernetes or Docker secret)
 * or AWS Secrets Manager ({@code opensearch.password-secret}: a secret name or ARN whose string is the password, or
 * JSON with a {@code password} member). Read once at start. Errors name the setting and the file or secret, never
 * what they hold.
 */
final class Secrets {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Secrets() {
    }

    static String password(String direct, String file, String secretId, String region, URI endpoint) {
        int given = (direct != null ? 1 : 0) + (file != null ? 1 : 0) + (secretId != null ? 1 : 0);
        if (given > 1) {
            throw new ConfigException("set only one of OPENSEARCH_PASSWORD, opensearch.password-file and"
                    + " opensearch.password-secret");
        }
        if (file != null) {
            return fromFile(Path.of(file));
        }
        if (secretId != null) {
            return fromSecretsManager(secretId, region, endpoint);
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

    static String fromSecretsManager(String secretId, String region, URI endpoint) {
        if (region == null) {
            throw new ConfigException("opensearch.password-secret needs a region (aws.region, AWS_REGION or opensearch.region)");
        }
        SecretsManagerClientBuilder b = SecretsManagerClient.builder().region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(ApacheHttpClient.builder());
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        String value;
        try (SecretsManagerClient sm = b.build()) {
            GetSecretValueResponse r = sm.getSecretValue(x -> x.secretId(secretId));
            value = r.secretString();
        } catch (SdkException e) {
            // The SDK's message names the secret and the error code; it never carries a secret value.
            String code = e instanceof AwsServiceException a && a.awsErrorDetails() != null
                    ? a.awsErrorDetails().errorCode() + ": " : "";
            throw new ConfigException("opensearch.password-secret " + secretId + " cannot be read: " + code + e.getMessage());
        }
        if (value == null || value.isEmpty()) {
            throw new ConfigException("opensearch.password-secret " + secretId + " holds no secret string");
        }
        if (value.startsWith("{")) {
            try {
                JsonNode n = JSON.readTree(value);
                if (n.path("password").isTextual()) {
                    return n.path("password").asText();
                }
            } catch (IOException e) {
                // not JSON after all: the whole string is the password
                return value;
            }
            throw new ConfigException("opensearch.password-secret " + secretId + " is JSON without a \"password\" member");
        }
        return value;
    }
}
