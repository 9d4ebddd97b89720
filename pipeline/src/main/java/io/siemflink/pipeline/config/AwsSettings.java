package io.siemflink.pipeline.config;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * AWS client settings following the SDK's conventions: region from {@code AWS_REGION}, credentials from the
 * default chain (environment, profile, container or instance role), and per-service endpoint overrides
 * ({@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL_SQS}, {@code AWS_ENDPOINT_URL_KINESIS}) for S3-compatible
 * servers and local tests. Serializable: clients are built where they are used.
 */
public record AwsSettings(String region, URI s3Endpoint, URI sqsEndpoint, URI kinesisEndpoint, boolean s3PathStyle)
        implements Serializable {
    public AwsSettings {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("aws.region is required (set AWS_REGION or aws.region)");
        }
    }

    public S3Client s3Client() {
        var b = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClient(ApacheHttpClient.builder().maxConnections(64).socketTimeout(Duration.ofSeconds(60)).build())
                .forcePathStyle(s3PathStyle);
        if (s3Endpoint != null) {
            b.endpointOverride(s3Endpoint);
        }
        return b.build();
    }

    public SqsClient sqsClient() {
        var b = SqsClient.builder()
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClient(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build());
        if (sqsEndpoint != null) {
            b.endpointOverride(sqsEndpoint);
        }
        return b.build();
    }
}
