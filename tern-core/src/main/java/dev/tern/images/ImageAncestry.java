package dev.tern.images;

import dev.tern.account.Accounts;
import dev.tern.account.CallContext;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * GetImageAncestry (docs/copying.md, "Ancestry"): from an image back through each SourceImageId, in the Region of
 * that source, at most {@link #MAX_ENTRIES} entries. The chain stops at an image that was registered rather than
 * copied, or where the source is gone, deregistered or not visible to the caller.
 */
final class ImageAncestry {
    static final int MAX_ENTRIES = 50;

    private ImageAncestry() {}

    static List<ImageAncestryEntry> of(ImageRepository repository, Accounts accounts, Handle h, CallContext ctx,
            String imageId) {
        ImageRow image = ImageAccess.requireVisible(repository, h, ctx, imageId);
        List<ImageAncestryEntry> chain = new ArrayList<>();
        while (image != null && chain.size() < MAX_ENTRIES) {
            chain.add(new ImageAncestryEntry(image.imageId(), image.region(), image.creationTime(),
                    accounts.aliasOf(image.ownerId()), image.sourceImageId(), image.sourceImageRegion()));
            image = visibleSource(repository, h, ctx, image);
        }
        return chain;
    }

    private static ImageRow visibleSource(ImageRepository repository, Handle h, CallContext ctx, ImageRow image) {
        if (image.sourceImageId() == null || image.sourceImageRegion() == null) {
            return null;
        }
        ImageRow source = repository.find(h, image.sourceImageId(), image.sourceImageRegion()).orElse(null);
        return source == null || source.isDeregistered() || !repository.isVisible(h, source, ctx.accountId()) ? null
                : source;
    }
}
