package dev.tern.copy;

import dev.tern.account.CallContext;
import dev.tern.error.ErrorCode;
import dev.tern.snapshots.SnapshotRow;

/**
 * Whether a copy of a snapshot is encrypted and under which key, decided in the request without asking KMS (keys
 * are checked when the copy starts, as AWS does: docs/copying.md, "Encryption").
 * <ul>
 * <li>An encrypted source always gives an encrypted copy; Encrypted=false never gives a clear one.</li>
 * <li>A clear source is copied clear unless Encrypted is set, encryption by default is on in the destination, or
 *     the destination is an Outpost or a Local Zone that requires encryption.</li>
 * <li>The key is KmsKeyId when given; else the source's key for a same-Region copy of the caller's own snapshot;
 *     else the destination's default EBS key (null here: resolved when the copy starts).</li>
 * </ul>
 */
record CopyEncryption(boolean encrypted, String requestedKey) {
    static void checkParameters(Boolean encrypted, String kmsKeyId) {
        if (kmsKeyId != null && !Boolean.TRUE.equals(encrypted)) {
            throw ErrorCode.InvalidParameterDependency.withMessage(
                    "The parameter KmsKeyId requires the parameter Encrypted to be set.");
        }
    }

    static CopyEncryption decide(CallContext ctx, SnapshotRow source, Boolean encrypted, String kmsKeyId,
            boolean encryptedByDefault, CopyDestination route) {
        boolean encrypt = source.encrypted() || Boolean.TRUE.equals(encrypted) || encryptedByDefault
                || route.requiresEncryption();
        if (!encrypt) {
            return new CopyEncryption(false, null);
        }
        if (kmsKeyId != null) {
            return new CopyEncryption(true, kmsKeyId);
        }
        boolean keepKey = source.encrypted() && route.sameRegion() && source.isOwnedBy(ctx.accountId());
        return new CopyEncryption(true, keepKey ? source.kmsKeyId() : null);
    }
}
