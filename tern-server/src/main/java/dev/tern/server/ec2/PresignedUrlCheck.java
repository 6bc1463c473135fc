package dev.tern.server.ec2;

import dev.tern.account.CallContext;
import dev.tern.copy.PresignedUrls;
import dev.tern.error.TernException;
import dev.tern.server.auth.Authenticated;
import dev.tern.server.auth.SigV4Verifier;
import dev.tern.server.wire.SignedRequest;
import dev.tern.server.wire.FormParams;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CopySnapshot's PresignedUrl, checked offline with the server's own SigV4 verifier (docs/copying.md): the URL is
 * parsed, never fetched. It is genuine when its query signature verifies for the calling account, it was signed
 * for the source Region, and it asks for a CopySnapshot of the same source snapshot from the same Region into the
 * Region called.
 */
final class PresignedUrlCheck implements PresignedUrls {
    private final SigV4Verifier verifier;

    PresignedUrlCheck(SigV4Verifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public String whyNotGenuine(CallContext ctx, String url, String sourceRegion, String sourceSnapshotId) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "The presigned URL is not a URL.";
        }
        if (uri.getRawAuthority() == null || uri.getRawQuery() == null) {
            return "The presigned URL has no host or no query.";
        }
        Map<String, String> query = new HashMap<>();
        for (FormParams.Param p : FormParams.parse(uri.getRawQuery())) {
            query.put(p.name(), p.value());
        }
        if (!"CopySnapshot".equals(query.get("Action")) || !sourceSnapshotId.equals(query.get("SourceSnapshotId"))
                || !sourceRegion.equals(query.get("SourceRegion"))) {
            return "The presigned URL is not for a copy of " + sourceSnapshotId + " from " + sourceRegion + ".";
        }
        // The URL names where the copy goes (DestinationRegion, which the SDKs always add): the Region called.
        String destination = query.get("DestinationRegion");
        if (destination != null && !destination.equals(ctx.regionName())) {
            return "The presigned URL is for a copy into " + destination + ", not " + ctx.regionName() + ".";
        }
        String host = uri.getRawAuthority();
        SignedRequest request = new SignedRequest("GET", uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/"
                : uri.getRawPath(), uri.getRawQuery(), name -> "host".equals(name) ? List.of(host) : List.of(),
                List.of("host"), new byte[0]);
        try {
            // A presigned GET has no body to sign or leave unsigned.
            Authenticated who = verifier.verify(request, service -> false);
            if (!who.account().id().equals(ctx.accountId()) || !sourceRegion.equals(who.region())) {
                return "The presigned URL was not signed by the caller for " + sourceRegion + ".";
            }
            return null;
        } catch (TernException e) {
            return "The presigned URL's signature is not valid: " + e.getMessage();
        }
    }
}
