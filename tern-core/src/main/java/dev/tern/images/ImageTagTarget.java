package dev.tern.images;

import dev.tern.account.CallContext;
import dev.tern.ids.ResourceIds;
import dev.tern.tags.TagTarget;
import org.jdbi.v3.core.Handle;

/** Images as tag targets: any account that can see an image may put its own tags on it. */
public final class ImageTagTarget implements TagTarget {
    private final ImageRepository repository = new ImageRepository();

    @Override
    public String idPrefix() {
        return ResourceIds.IMAGE;
    }

    @Override
    public String resourceType() {
        return "image";
    }

    @Override
    public void requireVisible(Handle h, CallContext ctx, String id) {
        ImageAccess.requireVisible(repository, h, ctx, id);
    }
}
