package dev.tern.server.auth;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.account.CallContext;
import dev.tern.iam.IamService;
import dev.tern.server.testing.TernTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.CreateAccessKeyRequest;
import software.amazon.awssdk.services.iam.model.CreateUserRequest;
import software.amazon.awssdk.services.iam.model.PutUserPolicyRequest;
import software.amazon.awssdk.services.iam.model.DeleteAccessKeyRequest;
import software.amazon.awssdk.services.iam.model.UpdateAccessKeyRequest;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/** An IAM user's access key signs requests from the moment it is made, and stops when Inactive or deleted. */
class UserKeysTest {
    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    @Test
    void aUserKeySignsUntilItIsMadeInactiveOrDeleted() {
        var services = tern.app().services();
        CallContext root = new CallContext(services.accounts().byId(ALICE), services.regions().get("us-east-1"), "test");
        IamService iam = services.iam();
        iam.createUser(root, CreateUserRequest.builder().userName("pipeline").build());
        // What the key may do is its policy's business (docs/iam.md); here only whether it signs at all.
        iam.putUserPolicy(root, PutUserPolicyRequest.builder().userName("pipeline").policyName("read")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":[\"ec2:DescribeRegions\",\"kms:ListKeys\"],\"Resource\":\"*\"}]}")
                .build());
        AccessKey key = iam.createAccessKey(root, CreateAccessKeyRequest.builder().userName("pipeline").build()).accessKey();

        try (Ec2Client ec2 = ec2(key); KmsClient kms = kms(key)) {
            assertThat(ec2.describeRegions().regions()).isNotEmpty();
            kms.listKeys();

            iam.updateAccessKey(root, UpdateAccessKeyRequest.builder().userName("pipeline")
                    .accessKeyId(key.accessKeyId()).status("Inactive").build());
            assertThatThrownBy(ec2::describeRegions).isInstanceOfSatisfying(Ec2Exception.class, e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AuthFailure");
                assertThat(e.statusCode()).isEqualTo(401);
            });
            assertThatThrownBy(kms::listKeys).isInstanceOfSatisfying(KmsException.class, e ->
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));

            iam.updateAccessKey(root, UpdateAccessKeyRequest.builder().userName("pipeline")
                    .accessKeyId(key.accessKeyId()).status("Active").build());
            assertThat(ec2.describeRegions().regions()).isNotEmpty();

            iam.deleteAccessKey(root, DeleteAccessKeyRequest.builder().userName("pipeline")
                    .accessKeyId(key.accessKeyId()).build());
            assertThatThrownBy(ec2::describeRegions).isInstanceOfSatisfying(Ec2Exception.class, e ->
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AuthFailure"));
        }
    }

    private static Ec2Client ec2(AccessKey key) {
        return Ec2Client.builder().endpointOverride(tern.endpoint()).region(Region.US_EAST_1).credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                .httpClient(ApacheHttpClient.create()).build();
    }

    private static KmsClient kms(AccessKey key) {
        return KmsClient.builder().endpointOverride(tern.endpoint()).region(Region.US_EAST_1).credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))
                .httpClient(ApacheHttpClient.create()).build();
    }
}
