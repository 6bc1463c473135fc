package dev.tern.tags;

import dev.tern.account.CallContext;
import org.jdbi.v3.core.Handle;

/**
 * A kind of resource that can carry tags (images, snapshots). The tag service asks it whether the caller can see
 * a given id, so it needs no knowledge of images or snapshots itself.
 */
public interface TagTarget {
    /** The id prefix, e.g. {@code ami}. */
    String idPrefix();

    /** The resource type as DescribeTags and TagSpecification name it, e.g. {@code image}. */
    String resourceType();

    /** Throws the resource's Malformed or NotFound error unless {@code id} exists and the caller can see it. */
    void requireVisible(Handle h, CallContext ctx, String id);
}
