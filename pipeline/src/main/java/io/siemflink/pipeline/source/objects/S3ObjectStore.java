package io.siemflink.pipeline.source.objects;

import io.siemflink.pipeline.config.AwsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Amazon S3 or an S3-compatible endpoint ({@code AWS_ENDPOINT_URL_S3}), through the AWS SDK v2. */
public final class S3ObjectStore implements ObjectStore {
    private static final long serialVersionUID = 1L;

    private final AwsSettings aws;
    private transient S3Client client;

    public S3ObjectStore(AwsSettings aws) {
        this.aws = aws;
    }

    private synchronized S3Client client() {
        if (client == null) {
            client = aws.s3Client();
        }
        return client;
    }

    @Override
    public Listing list(String bucket, String prefix, String startAfter, String token) throws IOException {
        try {
            ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(bucket).maxKeys(1000);
            if (prefix != null && !prefix.isEmpty()) {
                req.prefix(prefix);
            }
            if (token != null) {
                req.continuationToken(token);
            } else if (startAfter != null) {
                req.startAfter(startAfter);
            }
            ListObjectsV2Response r = client().listObjectsV2(req.build());
            List<ObjectRef> out = new ArrayList<>(r.contents().size());
            for (S3Object o : r.contents()) {
                if (!o.key().endsWith("/")) {
                    out.add(new ObjectRef(bucket, o.key(), o.eTag(), o.size(), o.lastModified() == null ? 0 : o.lastModified().toEpochMilli()));
                }
            }
            return new Listing(out, Boolean.TRUE.equals(r.isTruncated()) ? r.nextContinuationToken() : null);
        } catch (SdkException e) {
            throw new IOException("cannot list s3://" + bucket + "/" + (prefix == null ? "" : prefix) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(ObjectRef ref) throws IOException {
        try {
            GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(ref.bucket()).key(ref.key());
            if (ref.etag() != null) {
                req.ifMatch(ref.etag());
            }
            return client().getObject(req.build());
        } catch (NoSuchKeyException e) {
            throw new ObjectUnavailableException("object is gone: " + uri(ref), e);
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw new ObjectUnavailableException("object changed since it was listed (etag " + ref.etag() + "): " + uri(ref), e);
            }
            if (e.statusCode() == 404) {
                throw new ObjectUnavailableException("object is gone: " + uri(ref), e);
            }
            throw new IOException("cannot read " + uri(ref) + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("cannot read " + uri(ref) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String uri(ObjectRef ref) {
        return "s3://" + ref.bucket() + "/" + ref.key();
    }
}
