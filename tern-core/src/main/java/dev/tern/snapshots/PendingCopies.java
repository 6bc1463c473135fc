package dev.tern.snapshots;

import org.jdbi.v3.core.Handle;

/**
 * What deleting a snapshot or deregistering an image must do about copies still moving into them: the copy engine
 * stops them. Called inside the transaction that deletes or deregisters, so the copy ends with it or not at all.
 */
public interface PendingCopies {
    PendingCopies NONE = new PendingCopies() {
        @Override
        public void stopCopyInto(Handle h, String snapshotId) {}

        @Override
        public void stopCopiesOf(Handle h, String imageId) {}
    };

    /** Stops the copy into {@code snapshotId}, if one is in progress. */
    void stopCopyInto(Handle h, String snapshotId);

    /** Stops every copy into the snapshots of image {@code imageId} and deletes those snapshots. */
    void stopCopiesOf(Handle h, String imageId);
}
