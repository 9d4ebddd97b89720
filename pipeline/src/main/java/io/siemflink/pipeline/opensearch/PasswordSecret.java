package io.siemflink.pipeline.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siemflink.pipeline.config.ConfigException;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Where the OpenSearch password lives in AWS Secrets Manager ({@code opensearch.password-secret}): the reference
 * travels with the job, the password does not. It is fetched where a client is built (the JobManager to check it at
 * start and install templates, each sink writer on a TaskManager), so the job graph that Flink stores and ships holds
 * no secret.
 *
 * @param id       secret name or ARN; its string is the password, or JSON with a {@code password} member
 * @param endpoint Secrets Manager endpoint override (tests, VPC endpoints), or null
 */
public record PasswordSecret(String id, String region, URI endpoint) implements Serializable {
    private static final ObjectMapper JSON = new ObjectMapper();

    public PasswordSecret {
        if (region == null) {
            throw new ConfigException("opensearch.password-secret needs a region (aws.region, AWS_REGION or opensearch.region)");
        }
    }

    /** The password. Errors name the setting and the secret, never what it holds. */
    public String fetch() {
        SecretsManagerClientBuilder b = SecretsManagerClient.builder().region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(ApacheHttpClient.builder());
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        String value;
        try (SecretsManagerClient sm = b.build()) {
            GetSecretValueResponse r = sm.getSecretValue(x -> x.secretId(id));
            value = r.secretString();
        } catch (SdkException e) {
            // The SDK's message names the secret and the error code; it never carries a secret value.
            String code = e instanceof AwsServiceException a && a.awsErrorDetails() != null
                    ? a.awsErrorDetails().errorCode() + ": " : "";
            throw new ConfigException("opensearch.password-secret " + id + " cannot be read: " + code + e.getMessage());
        }
        if (value == null || value.isEmpty()) {
            throw new ConfigException("opensearch.password-secret " + id + " holds no secret string");
        }
        if (value.startsWith("{")) {
            try {
                JsonNode n = JSON.readTree(value);
                if (n.path("password").isTextual()) {
                    return n.path("password").asText();
                }
            } catch (IOException e) {
                return value; // not JSON after all: the whole string is the password
            }
            throw new ConfigException("opensearch.password-secret " + id + " is JSON without a \"password\" member");
        }
        return value;
    }

    @Override
    public String toString() {
        return "secret " + id;
    }
}
