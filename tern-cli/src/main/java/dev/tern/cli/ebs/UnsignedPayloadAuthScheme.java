package dev.tern.cli.ebs;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 that honours PutSnapshotBlock's {@code UNSIGNED-PAYLOAD} over plain HTTP too. The SDK signs the body of
 * every request sent without TLS, whatever the operation says, which hashes each 512 KiB block a second time and
 * costs as much CPU as the upload's own checksums. Block data is protected by the signed {@code x-amz-Checksum}
 * header instead, exactly as over HTTPS. Every other request is signed unchanged.
 */
final class UnsignedPayloadAuthScheme implements AuthScheme<AwsCredentialsIdentity> {
    private final AwsV4AuthScheme delegate = AwsV4AuthScheme.create();
    private final HttpSigner<AwsCredentialsIdentity> signer = new Signer(delegate.signer());

    @Override
    public String schemeId() {
        return AwsV4AuthScheme.SCHEME_ID;
    }

    @Override
    public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
        return delegate.identityProvider(providers);
    }

    @Override
    public HttpSigner<AwsCredentialsIdentity> signer() {
        return signer;
    }

    private record Signer(HttpSigner<AwsCredentialsIdentity> sigv4) implements HttpSigner<AwsCredentialsIdentity> {
        @Override
        public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
            return signAsOverTls(request);
        }

        private <T extends AwsCredentialsIdentity> SignedRequest signAsOverTls(SignRequest<T> request) {
            boolean unsigned = Boolean.FALSE.equals(request.property(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED));
            // Over TLS the default port differs, so the Host header would change meaning: leave port 80 alone.
            if (!unsigned || !"http".equals(request.request().protocol()) || request.request().port() == 80) {
                return sigv4.sign(request);
            }
            // The scheme is not part of what SigV4 signs; it only decides whether the payload is hashed.
            SignedRequest signed = sigv4.sign(request.copy(b -> b.request(
                    request.request().toBuilder().protocol("https").build())));
            return signed.copy(b -> b.request(signed.request().toBuilder().protocol("http").build()));
        }

        @Override
        public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
            return sigv4.signAsync(request);
        }
    }
}
