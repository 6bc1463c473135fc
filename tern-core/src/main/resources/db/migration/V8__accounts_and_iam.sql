-- Accounts, their access keys, and IAM users and policies (docs/iam.md). Portable SQL: the same file runs on SQLite
-- and PostgreSQL. Times are epoch milliseconds. IAM is global: nothing here names a Region.

-- An account. origin: 'config' (the configuration or --demo, upserted at every start) or 'admin' (tern admin
-- create-account).
CREATE TABLE accounts (
    account_id VARCHAR(12) NOT NULL PRIMARY KEY,
    alias      VARCHAR(63),
    origin     VARCHAR(16) NOT NULL,
    created_at BIGINT      NOT NULL
);
CREATE INDEX accounts_by_alias ON accounts (alias);

-- An IAM user. IAM names are unique per account whatever their case: name_key is the lower-cased name.
CREATE TABLE iam_users (
    user_id    VARCHAR(32)  NOT NULL PRIMARY KEY,
    account_id VARCHAR(12)  NOT NULL REFERENCES accounts (account_id),
    user_name  VARCHAR(64)  NOT NULL,
    name_key   VARCHAR(64)  NOT NULL,
    path       VARCHAR(512) NOT NULL,
    created_at BIGINT       NOT NULL
);
CREATE UNIQUE INDEX iam_users_by_name ON iam_users (account_id, name_key);

-- An access key: an account's root key (user_id NULL) or an IAM user's. sealed_secret is the secret access key
-- sealed under the server's root key and bound to the key id (base64); status is Active or Inactive.
CREATE TABLE access_keys (
    access_key_id VARCHAR(128) NOT NULL PRIMARY KEY,
    account_id    VARCHAR(12)  NOT NULL REFERENCES accounts (account_id),
    user_id       VARCHAR(32)  REFERENCES iam_users (user_id),
    sealed_secret VARCHAR(1024) NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    origin        VARCHAR(16)  NOT NULL,
    created_at    BIGINT       NOT NULL
);
CREATE INDEX access_keys_by_user ON access_keys (user_id, created_at);

-- An inline policy of a user (PutUserPolicy): the document as given.
CREATE TABLE iam_user_policies (
    user_id     VARCHAR(32)  NOT NULL REFERENCES iam_users (user_id),
    policy_name VARCHAR(128) NOT NULL,
    name_key    VARCHAR(128) NOT NULL,
    document    TEXT         NOT NULL,
    PRIMARY KEY (user_id, name_key)
);

-- A customer managed policy (CreatePolicy), with its one version v1.
CREATE TABLE iam_policies (
    policy_id   VARCHAR(32)   NOT NULL PRIMARY KEY,
    account_id  VARCHAR(12)   NOT NULL REFERENCES accounts (account_id),
    policy_name VARCHAR(128)  NOT NULL,
    name_key    VARCHAR(128)  NOT NULL,
    path        VARCHAR(512)  NOT NULL,
    description VARCHAR(1000),
    document    TEXT          NOT NULL,
    created_at  BIGINT        NOT NULL,
    updated_at  BIGINT        NOT NULL
);
CREATE UNIQUE INDEX iam_policies_by_name ON iam_policies (account_id, name_key);

CREATE TABLE iam_user_attachments (
    user_id   VARCHAR(32) NOT NULL REFERENCES iam_users (user_id),
    policy_id VARCHAR(32) NOT NULL REFERENCES iam_policies (policy_id),
    PRIMARY KEY (user_id, policy_id)
);
CREATE INDEX iam_user_attachments_by_policy ON iam_user_attachments (policy_id);

-- One row: a random value every write to the tables above changes, so that each node (and tern admin in another
-- process) can tell in one read whether its cached accounts, keys and policies are still current.
CREATE TABLE identity_generation (
    name       VARCHAR(16) NOT NULL PRIMARY KEY,
    generation BIGINT      NOT NULL
);
INSERT INTO identity_generation (name, generation) VALUES ('identity', 0);
