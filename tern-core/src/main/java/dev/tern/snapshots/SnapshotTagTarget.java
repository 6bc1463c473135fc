package dev.tern.snapshots;

import dev.tern.account.CallContext;
import dev.tern.ids.ResourceIds;
import dev.tern.tags.TagTarget;
import org.jdbi.v3.core.Handle;

/** Snapshots as tag targets: any account that can see a snapshot may put its own tags on it. */
public final class SnapshotTagTarget implements TagTarget {
    private final SnapshotRepository repository = new SnapshotRepository();

    @Override
    public String idPrefix() {
        return ResourceIds.SNAPSHOT;
    }

    @Override
    public String resourceType() {
        return "snapshot";
    }

    @Override
    public void requireVisible(Handle h, CallContext ctx, String id) {
        SnapshotAccess.requireVisible(repository, h, ctx, id);
    }
}
