package dev.tern.iam;

import dev.tern.account.CallContext;
import dev.tern.error.ErrorCode;
import dev.tern.kms.RootKey;
import software.amazon.awssdk.services.sts.model.DecodeAuthorizationMessageRequest;
import software.amazon.awssdk.services.sts.model.DecodeAuthorizationMessageResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * STS: who the caller is, and what an encoded authorization failure message says (docs/iam.md, "STS"). Whether the
 * caller may decode (sts:DecodeAuthorizationMessage) is the pipeline's check, as for every action.
 */
public final class StsService {
    private final AuthorizationMessages messages;

    public StsService(RootKey rootKey) {
        this.messages = new AuthorizationMessages(rootKey);
    }

    /** Encodes a refusal for the message of UnauthorizedOperation; only this server, for that account, decodes it. */
    public String encode(AuthorizationFailure failure) {
        return messages.encode(failure);
    }

    /** The account, the principal's ARN, and its unique id: the account id for the root, AIDA… for a user. */
    public GetCallerIdentityResponse getCallerIdentity(CallContext ctx, GetCallerIdentityRequest r) {
        return GetCallerIdentityResponse.builder().account(ctx.accountId()).arn(ctx.principal().arn())
                .userId(ctx.principal().userId()).build();
    }

    public DecodeAuthorizationMessageResponse decodeAuthorizationMessage(CallContext ctx,
            DecodeAuthorizationMessageRequest r) {
        if (r.encodedMessage() == null || r.encodedMessage().isEmpty()) {
            throw ErrorCode.ValidationError.withMessage("1 validation error detected: Value null at 'encodedMessage' "
                    + "failed to satisfy constraint: Member must not be null");
        }
        return DecodeAuthorizationMessageResponse.builder()
                .decodedMessage(messages.decode(ctx.accountId(), r.encodedMessage())).build();
    }
}
