-- KMS keys, aliases, grants and tags; snapshot data keys; EBS encryption settings. Portable SQL: the same file
-- runs on SQLite and PostgreSQL. Times are epoch milliseconds. Keys are regional, as in AWS: every row names its
-- account and Region.

-- A KMS key. wrapped_material is its 256-bit key material sealed under the root key (base64), bound to the key's
-- ARN; NULL for key specs Tern records but does not compute with (asymmetric and HMAC keys).
CREATE TABLE kms_keys (
    key_id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    account_id          VARCHAR(12)   NOT NULL,
    region              VARCHAR(32)   NOT NULL,
    description         VARCHAR(8192) NOT NULL,
    key_usage           VARCHAR(32)   NOT NULL,
    key_spec            VARCHAR(32)   NOT NULL,
    origin              VARCHAR(32)   NOT NULL,
    key_manager         VARCHAR(16)   NOT NULL,
    key_state           VARCHAR(32)   NOT NULL,
    deletion_date       BIGINT,
    pending_window_days INTEGER,
    policy              TEXT          NOT NULL,
    wrapped_material    VARCHAR(200),
    multi_region        BOOLEAN       NOT NULL,
    created_at          BIGINT        NOT NULL
);
CREATE INDEX kms_keys_by_account ON kms_keys (account_id, region, key_id);

CREATE TABLE kms_aliases (
    account_id    VARCHAR(12)  NOT NULL,
    region        VARCHAR(32)  NOT NULL,
    alias_name    VARCHAR(256) NOT NULL,
    target_key_id VARCHAR(36)  NOT NULL,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL,
    PRIMARY KEY (account_id, region, alias_name)
);
CREATE INDEX kms_aliases_by_key ON kms_aliases (target_key_id);

CREATE TABLE kms_key_tags (
    key_id    VARCHAR(36)  NOT NULL,
    tag_key   VARCHAR(128) NOT NULL,
    tag_value VARCHAR(256) NOT NULL,
    PRIMARY KEY (key_id, tag_key)
);

-- operations is a comma-separated list of KMS grant operations; constraints is the GrantConstraints JSON or NULL.
CREATE TABLE kms_grants (
    grant_id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    key_id             VARCHAR(36)  NOT NULL,
    grant_token        VARCHAR(128) NOT NULL,
    name               VARCHAR(256),
    grantee_principal  VARCHAR(256) NOT NULL,
    retiring_principal VARCHAR(256),
    issuing_account    VARCHAR(12)  NOT NULL,
    operations         VARCHAR(1024) NOT NULL,
    constraints        TEXT,
    created_at         BIGINT       NOT NULL
);
CREATE INDEX kms_grants_by_key ON kms_grants (key_id, created_at);
CREATE UNIQUE INDEX kms_grants_by_token ON kms_grants (grant_token);

-- A value sealed under the root key: starting with another root key is refused instead of failing later.
CREATE TABLE kms_root_check (
    name   VARCHAR(32)  NOT NULL PRIMARY KEY,
    sealed VARCHAR(200) NOT NULL
);

-- The data key of an encrypted snapshot, as KMS's ciphertext blob under the snapshot's KMS key (base64): only
-- KMS, with the key enabled and the caller allowed to use it, turns it back into the key that seals the blocks.
CREATE TABLE snapshot_data_keys (
    data_key_id VARCHAR(64)   NOT NULL PRIMARY KEY,
    kms_key_arn VARCHAR(2048) NOT NULL,
    ciphertext  TEXT          NOT NULL,
    created_at  BIGINT        NOT NULL
);

-- A sealed block names the data key it was sealed with and the snapshot that sealed it (part of its AAD with the
-- block index). Both are NULL for blocks stored in the clear.
ALTER TABLE stored_blocks ADD COLUMN data_key_id VARCHAR(64);
ALTER TABLE stored_blocks ADD COLUMN sealed_for VARCHAR(32);

-- EBS encryption by default and the default KMS key, per account and Region; no row means off and alias/aws/ebs.
CREATE TABLE ebs_encryption_settings (
    account_id          VARCHAR(12)   NOT NULL,
    region              VARCHAR(32)   NOT NULL,
    by_default          BOOLEAN       NOT NULL,
    default_kms_key_arn VARCHAR(2048),
    PRIMARY KEY (account_id, region)
);
