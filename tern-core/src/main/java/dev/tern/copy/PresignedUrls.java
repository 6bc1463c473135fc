package dev.tern.copy;

import dev.tern.account.CallContext;

/**
 * Checks the PresignedUrl of a CopySnapshot offline: its query signature, made with the caller's credentials, for a
 * CopySnapshot of the same source snapshot from the source Region. The URL is never fetched. The protocol layer
 * supplies the check (it owns SigV4); until it does, every URL is taken as genuine.
 */
@FunctionalInterface
public interface PresignedUrls {
    PresignedUrls UNCHECKED = (ctx, url, sourceRegion, sourceSnapshotId) -> null;

    /** Null when the URL is genuine, else why it is not (the destination snapshot's StateMessage). */
    String whyNotGenuine(CallContext ctx, String url, String sourceRegion, String sourceSnapshotId);
}
