-- The catalogue of images, snapshots and tags. Portable SQL: the same file runs on SQLite and PostgreSQL.
-- Times are epoch milliseconds (BIGINT); booleans are BOOLEAN (an integer in SQLite).

CREATE TABLE images (
    image_id             VARCHAR(32)   NOT NULL PRIMARY KEY,
    region               VARCHAR(32)   NOT NULL,
    owner_id             VARCHAR(12)   NOT NULL,
    name                 VARCHAR(128)  NOT NULL,
    description          VARCHAR(255),
    state                VARCHAR(16)   NOT NULL,
    state_reason_code    VARCHAR(128),
    state_reason_message VARCHAR(1024),
    architecture         VARCHAR(16)   NOT NULL,
    virtualization_type  VARCHAR(16)   NOT NULL,
    hypervisor           VARCHAR(8)    NOT NULL,
    image_type           VARCHAR(16)   NOT NULL,
    image_location       VARCHAR(512),
    root_device_name     VARCHAR(64),
    root_device_type     VARCHAR(16)   NOT NULL,
    kernel_id            VARCHAR(32),
    ramdisk_id           VARCHAR(32),
    platform             VARCHAR(16),
    platform_details     VARCHAR(64)   NOT NULL,
    usage_operation      VARCHAR(64)   NOT NULL,
    ena_support          BOOLEAN,
    sriov_net_support    VARCHAR(16),
    boot_mode            VARCHAR(32),
    tpm_support          VARCHAR(16),
    imds_support         VARCHAR(16),
    uefi_data            TEXT,
    source_image_id      VARCHAR(32),
    source_image_region  VARCHAR(32),
    is_public            BOOLEAN       NOT NULL,
    creation_time        BIGINT        NOT NULL,
    deregistered_at      BIGINT,
    product_codes        TEXT,
    billing_products     TEXT
);
CREATE INDEX images_by_region_name ON images (region, name);
-- An AMI name is unique per account and Region among images not deregistered; deregistering frees it at once.
CREATE UNIQUE INDEX images_live_name ON images (region, owner_id, name) WHERE deregistered_at IS NULL;
CREATE INDEX images_by_region_owner ON images (region, owner_id);

CREATE TABLE image_block_devices (
    image_id              VARCHAR(32)  NOT NULL REFERENCES images (image_id) ON DELETE CASCADE,
    position              INTEGER      NOT NULL,
    device_name           VARCHAR(64),
    virtual_name          VARCHAR(64),
    no_device             VARCHAR(16),
    snapshot_id           VARCHAR(32),
    volume_size           INTEGER,
    volume_type           VARCHAR(16),
    delete_on_termination BOOLEAN,
    encrypted             BOOLEAN,
    kms_key_id            VARCHAR(2048),
    iops                  INTEGER,
    throughput            INTEGER,
    outpost_arn           VARCHAR(256),
    PRIMARY KEY (image_id, position)
);
CREATE INDEX image_block_devices_by_snapshot ON image_block_devices (snapshot_id);

-- kind is 'user' (value: account id), 'group' (value: 'all'), 'org' or 'ou' (value: an Organizations ARN).
CREATE TABLE image_launch_permissions (
    image_id VARCHAR(32)  NOT NULL REFERENCES images (image_id) ON DELETE CASCADE,
    kind     VARCHAR(8)   NOT NULL,
    value    VARCHAR(256) NOT NULL,
    PRIMARY KEY (image_id, kind, value)
);
CREATE INDEX image_launch_permissions_by_value ON image_launch_permissions (value);

CREATE TABLE snapshots (
    snapshot_id                 VARCHAR(32)   NOT NULL PRIMARY KEY,
    region                      VARCHAR(32)   NOT NULL,
    owner_id                    VARCHAR(12)   NOT NULL,
    volume_id                   VARCHAR(32)   NOT NULL,
    volume_size                 INTEGER       NOT NULL,
    status                      VARCHAR(16)   NOT NULL,
    status_message              VARCHAR(1024),
    progress                    VARCHAR(8),
    start_time                  BIGINT        NOT NULL,
    completion_time             BIGINT,
    description                 VARCHAR(255),
    encrypted                   BOOLEAN       NOT NULL,
    kms_key_id                  VARCHAR(2048),
    data_encryption_key_id      VARCHAR(64),
    storage_tier                VARCHAR(16)   NOT NULL,
    outpost_arn                 VARCHAR(256),
    transfer_type               VARCHAR(16),
    completion_duration_minutes INTEGER,
    parent_snapshot_id          VARCHAR(32),
    full_size_bytes             BIGINT
);
CREATE INDEX snapshots_by_region_owner ON snapshots (region, owner_id);

CREATE TABLE snapshot_volume_permissions (
    snapshot_id VARCHAR(32) NOT NULL REFERENCES snapshots (snapshot_id) ON DELETE CASCADE,
    kind        VARCHAR(8)  NOT NULL,
    value       VARCHAR(64) NOT NULL,
    PRIMARY KEY (snapshot_id, kind, value)
);
CREATE INDEX snapshot_volume_permissions_by_value ON snapshot_volume_permissions (value);

-- Tags belong to the account that set them: the owner's tags and a sharee's own tags on the same AMI differ.
CREATE TABLE tags (
    resource_id   VARCHAR(32)  NOT NULL,
    account_id    VARCHAR(12)  NOT NULL,
    tag_key       VARCHAR(128) NOT NULL,
    tag_value     VARCHAR(256) NOT NULL,
    region        VARCHAR(32)  NOT NULL,
    resource_type VARCHAR(16)  NOT NULL,
    PRIMARY KEY (resource_id, account_id, tag_key)
);
CREATE INDEX tags_by_account ON tags (account_id, region, resource_type);
