-- Block data of snapshots. Portable SQL: the same file runs on SQLite and PostgreSQL. Times are epoch milliseconds.
-- Snapshots are named by id only, without foreign keys, so the block layer stays apart from the snapshot rows.

-- Every object in the block store that a snapshot may reference. ref_count is the number of snapshot_blocks rows
-- naming it; at zero the key is also in block_garbage, and the row goes once the sweeper has claimed the key.
-- dedupe_hash is the SHA-256 of the content for blocks shared by content within their Region, and NULL for blocks
-- that must never be shared (encrypted ones); object_sha256 is the SHA-256 of the stored bytes, checked on reads.
CREATE TABLE stored_blocks (
    block_key     VARCHAR(200) NOT NULL PRIMARY KEY,
    region        VARCHAR(32)  NOT NULL,
    dedupe_hash   VARCHAR(64),
    object_sha256 VARCHAR(64)  NOT NULL,
    size_bytes    INTEGER      NOT NULL,
    ref_count     BIGINT       NOT NULL CHECK (ref_count >= 0),
    created_at    BIGINT       NOT NULL
);
CREATE UNIQUE INDEX stored_blocks_by_content ON stored_blocks (region, dedupe_hash);

-- What each written block of a snapshot holds. block_key is NULL for a block written as all zeros, which is never
-- stored; a block never written has no row at all. checksum is the SHA-256 of the block's data.
CREATE TABLE snapshot_blocks (
    snapshot_id VARCHAR(32)  NOT NULL,
    block_index INTEGER      NOT NULL,
    block_key   VARCHAR(200),
    checksum    VARCHAR(64)  NOT NULL,
    PRIMARY KEY (snapshot_id, block_index)
);
CREATE INDEX snapshot_blocks_by_key ON snapshot_blocks (block_key);

-- Keys no snapshot holds any more, whose objects the sweeper deletes. A key whose stored_blocks row is gone has been
-- claimed: it can never be referenced again, and deleting its object (again, after a crash) is always safe.
CREATE TABLE block_garbage (
    block_key VARCHAR(200) NOT NULL PRIMARY KEY,
    freed_at  BIGINT       NOT NULL
);
