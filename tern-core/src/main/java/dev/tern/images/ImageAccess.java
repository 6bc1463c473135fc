package dev.tern.images;

import dev.tern.account.CallContext;
import dev.tern.error.ErrorCode;
import dev.tern.ids.ResourceIds;
import org.jdbi.v3.core.Handle;

/**
 * Who may do what with an image. An image the caller cannot see, or one already deregistered, does not exist
 * for these calls (NotFound); one it can see but does not own may be read, never changed.
 */
final class ImageAccess {
    private ImageAccess() {}

    static void requireWellFormed(String imageId) {
        if (!ResourceIds.isWellFormed(imageId, ResourceIds.IMAGE)) {
            throw ErrorCode.InvalidAMIID_Malformed.format(imageId);
        }
    }

    static ImageRow requireVisible(ImageRepository repository, Handle h, CallContext ctx, String imageId) {
        requireWellFormed(imageId);
        ImageRow row = repository.find(h, imageId, ctx.regionName()).orElse(null);
        if (row == null || row.isDeregistered() || !repository.isVisible(h, row, ctx.accountId())) {
            throw ErrorCode.InvalidAMIID_NotFound.format(imageId);
        }
        return row;
    }

    static ImageRow requireOwned(ImageRepository repository, Handle h, CallContext ctx, String imageId) {
        ImageRow row = requireVisible(repository, h, ctx, imageId);
        if (!row.isOwnedBy(ctx.accountId())) {
            throw ErrorCode.AuthFailure.withMessage("Not authorized for image:" + imageId);
        }
        return row;
    }
}
