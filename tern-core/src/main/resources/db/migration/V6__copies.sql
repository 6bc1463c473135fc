-- The copy engine (docs/copying.md). Portable SQL: the same file runs on SQLite and PostgreSQL. Times are epoch
-- milliseconds.

-- One task per destination snapshot of a CopyImage or CopySnapshot, recorded in the request's transaction with the
-- pending image and snapshots. state: queued (not planned yet), running (planned: blocks below next_block are
-- copied and recorded), completed, failed, cancelled. A worker holds a task while lease_until is in the future;
-- lease_epoch grows with every claim, and every write a worker makes names the epoch it claimed, so a worker that
-- lost its lease (it stalled, or another node took the task over) can record nothing more.
-- mode, chosen when the task is planned: share (same Region and key: the destination takes the source's stored
-- blocks by reference), full (every block moves) or incremental (the destination starts from base_snapshot_id, the
-- last completed copy of base_source_snapshot_id, and only the blocks that differ move).
CREATE TABLE copy_tasks (
    task_id                     VARCHAR(32)   NOT NULL PRIMARY KEY,
    image_id                    VARCHAR(32),
    owner_id                    VARCHAR(12)   NOT NULL,
    source_region               VARCHAR(32)   NOT NULL,
    source_snapshot_id          VARCHAR(32)   NOT NULL,
    dest_region                 VARCHAR(32)   NOT NULL,
    dest_snapshot_id            VARCHAR(32)   NOT NULL,
    dest_outpost_arn            VARCHAR(256),
    encrypted                   BOOLEAN       NOT NULL,
    requested_kms_key           VARCHAR(2048),
    state                       VARCHAR(16)   NOT NULL,
    mode                        VARCHAR(16),
    base_snapshot_id            VARCHAR(32),
    base_source_snapshot_id     VARCHAR(32),
    next_block                  INTEGER       NOT NULL,
    blocks_total                BIGINT        NOT NULL,
    blocks_done                 BIGINT        NOT NULL,
    bytes_moved                 BIGINT        NOT NULL,
    data_bytes                  BIGINT        NOT NULL,
    completion_duration_minutes INTEGER,
    reserved_bytes_per_second   BIGINT,
    deadline                    BIGINT,
    lease_owner                 VARCHAR(64),
    lease_epoch                 BIGINT        NOT NULL,
    lease_until                 BIGINT        NOT NULL,
    created_at                  BIGINT        NOT NULL,
    finished_at                 BIGINT,
    failure_code                VARCHAR(128),
    failure_message             VARCHAR(1024)
);
CREATE INDEX copy_tasks_by_state ON copy_tasks (state, lease_until);
CREATE INDEX copy_tasks_by_image ON copy_tasks (image_id);
CREATE INDEX copy_tasks_by_dest ON copy_tasks (dest_snapshot_id);
CREATE INDEX copy_tasks_by_source ON copy_tasks (source_snapshot_id, dest_region, state);

-- CopyImage's and CopySnapshot's ClientToken, per account and Region: the same token with the same parameters
-- answers with what the first request made; with other parameters it is IdempotentParameterMismatch.
CREATE TABLE copy_client_tokens (
    account_id   VARCHAR(12)  NOT NULL,
    region       VARCHAR(32)  NOT NULL,
    client_token VARCHAR(128) NOT NULL,
    request_hash VARCHAR(64)  NOT NULL,
    resource_id  VARCHAR(32)  NOT NULL,
    created_at   BIGINT       NOT NULL,
    PRIMARY KEY (account_id, region, client_token)
);
