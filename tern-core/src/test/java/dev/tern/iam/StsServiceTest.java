package dev.tern.iam;

import static dev.tern.testing.TernFixture.OTHER;
import static dev.tern.testing.TernFixture.OWNER;
import static dev.tern.testing.TernFixture.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tern.account.CallContext;
import dev.tern.error.ErrorCode;
import dev.tern.testing.BothCatalogs;
import dev.tern.testing.CatalogFixture.Kind;
import dev.tern.testing.TernFixture;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.model.CreateUserRequest;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.sts.model.DecodeAuthorizationMessageRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** GetCallerIdentity for the root and a user; authorization failure messages only this server opens. */
class StsServiceTest {
    @TempDir
    Path dir;

    @BothCatalogs
    void callerIdentityIsTheRootOrTheUser(Kind kind) {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            GetCallerIdentityResponse root = t.services.sts().getCallerIdentity(t.as(OWNER), GetCallerIdentityRequest.builder().build());
            assertThat(root.account()).isEqualTo(OWNER);
            assertThat(root.arn()).isEqualTo("arn:aws:iam::" + OWNER + ":root");
            assertThat(root.userId()).isEqualTo(OWNER);
            User alice = t.services.iam().createUser(t.as(OWNER), CreateUserRequest.builder().userName("alice").build()).user();
            GetCallerIdentityResponse user = t.services.sts().getCallerIdentity(IamServiceTest.asUser(t, alice),
                    GetCallerIdentityRequest.builder().build());
            assertThat(user.arn()).isEqualTo("arn:aws:iam::" + OWNER + ":user/alice");
            assertThat(user.userId()).isEqualTo(alice.userId());
        }
    }

    @BothCatalogs
    void anEncodedFailureDecodesToItsContextForItsAccountOnly(Kind kind) throws Exception {
        try (TernFixture t = TernFixture.start(kind, dir)) {
            User alice = t.services.iam().createUser(t.as(OWNER), CreateUserRequest.builder().userName("alice").build()).user();
            CallContext asAlice = IamServiceTest.asUser(t, alice);
            String deny = "{\"Effect\":\"Deny\",\"Action\":\"ec2:CopyImage\",\"Resource\":\"*\"}";
            String encoded = t.services.sts().encode(new AuthorizationFailure(true, List.of(deny), "ec2:CopyImage",
                    "arn:aws:ec2:us-east-1::image/*", asAlice.principal(), Map.of("aws:RequestedRegion", List.of("us-east-1"))));
            assertThat(encoded).matches("[A-Za-z0-9_-]+").doesNotContain("CopyImage");

            String json = t.services.sts().decodeAuthorizationMessage(asAlice,
                    DecodeAuthorizationMessageRequest.builder().encodedMessage(encoded).build()).decodedMessage();
            JsonNode m = new ObjectMapper().readTree(json);
            assertThat(m.get("allowed").asBoolean()).isFalse();
            assertThat(m.get("explicitDeny").asBoolean()).isTrue();
            assertThat(m.at("/matchedStatements/items/0/Effect").asText()).isEqualTo("Deny");
            assertThat(m.at("/context/action").asText()).isEqualTo("ec2:CopyImage");
            assertThat(m.at("/context/resource").asText()).isEqualTo("arn:aws:ec2:us-east-1::image/*");
            assertThat(m.at("/context/principal/arn").asText()).isEqualTo(alice.arn());
            assertThat(m.at("/context/principal/id").asText()).isEqualTo(alice.userId());
            assertThat(m.at("/context/conditions/items/0/key").asText()).isEqualTo("aws:RequestedRegion");
            assertThat(m.at("/context/conditions/items/0/values/items/0/value").asText()).isEqualTo("us-east-1");

            // The root of the same account decodes it too; another account, an altered message or junk do not.
            assertThat(t.services.sts().decodeAuthorizationMessage(t.as(OWNER), DecodeAuthorizationMessageRequest.builder()
                    .encodedMessage(encoded).build()).decodedMessage()).isEqualTo(json);
            assertError(ErrorCode.InvalidAuthorizationMessageException, () -> t.services.sts().decodeAuthorizationMessage(
                    t.as(OTHER), DecodeAuthorizationMessageRequest.builder().encodedMessage(encoded).build()));
            byte[] raw = Base64.getUrlDecoder().decode(encoded);
            raw[raw.length / 2] ^= 1;
            String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            assertError(ErrorCode.InvalidAuthorizationMessageException, () -> t.services.sts().decodeAuthorizationMessage(
                    t.as(OWNER), DecodeAuthorizationMessageRequest.builder().encodedMessage(altered).build()));
            assertError(ErrorCode.InvalidAuthorizationMessageException, () -> t.services.sts().decodeAuthorizationMessage(
                    t.as(OWNER), DecodeAuthorizationMessageRequest.builder().encodedMessage("not a message!").build()));
        }
    }
}
