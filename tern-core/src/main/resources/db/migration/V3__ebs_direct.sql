-- What the EBS direct APIs keep beside the snapshots table. Portable SQL: the same file runs on SQLite and
-- PostgreSQL. Times are epoch milliseconds. Rows that belong to a snapshot go when the snapshot row goes.

-- Secrets of this Tern kept in the catalogue, so every node that shares the catalogue shares them: the HMAC key of
-- EBS block and page tokens. Made once on first use and never changed.
CREATE TABLE server_secrets (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    secret     VARCHAR(128) NOT NULL,
    created_at BIGINT       NOT NULL
);

-- A snapshot started by StartSnapshot and not completed yet. Each PutSnapshotBlock moves deadline to
-- now + timeout_minutes; a snapshot still here once its deadline has passed goes to 'error'.
CREATE TABLE ebs_pending_snapshots (
    snapshot_id     VARCHAR(32) NOT NULL PRIMARY KEY REFERENCES snapshots (snapshot_id) ON DELETE CASCADE,
    timeout_minutes INTEGER     NOT NULL,
    deadline        BIGINT      NOT NULL
);
CREATE INDEX ebs_pending_snapshots_by_deadline ON ebs_pending_snapshots (deadline);

-- The block indexes PutSnapshotBlock wrote into a pending snapshot (blocks inherited from a parent are not here),
-- each with the SHA-256 (hex) of what was written last: what CompleteSnapshot's ChangedBlocksCount and aggregate
-- checksum are checked against.
CREATE TABLE ebs_written_blocks (
    snapshot_id VARCHAR(32) NOT NULL REFERENCES snapshots (snapshot_id) ON DELETE CASCADE,
    block_index INTEGER     NOT NULL,
    checksum    VARCHAR(64) NOT NULL,
    PRIMARY KEY (snapshot_id, block_index)
);

-- StartSnapshot's ClientToken, per account and Region: the same token with the same parameters answers with the
-- snapshot it started; with other parameters it is a ConflictException. request_hash is the SHA-256 of the
-- parameters.
CREATE TABLE ebs_client_tokens (
    account_id   VARCHAR(12)  NOT NULL,
    region       VARCHAR(32)  NOT NULL,
    client_token VARCHAR(255) NOT NULL,
    request_hash VARCHAR(64)  NOT NULL,
    snapshot_id  VARCHAR(32)  NOT NULL REFERENCES snapshots (snapshot_id) ON DELETE CASCADE,
    created_at   BIGINT       NOT NULL,
    PRIMARY KEY (account_id, region, client_token)
);
CREATE INDEX ebs_client_tokens_by_snapshot ON ebs_client_tokens (snapshot_id);
