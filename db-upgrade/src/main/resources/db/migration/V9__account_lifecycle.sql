-- Accounts, users and domains as CloudStack keeps them: a user's first and last name, email and
-- time zone (createAccount, createUser, updateUser; login answers them), and the unique keys that
-- hold under concurrent management servers now that accounts, users and domains can be deleted
-- (deleted rows keep their name with `removed` set, so each key covers live rows only: a STORED
-- generated column that is NULL once removed, as NULLs never collide in a unique key).
-- Written and read by io.kboss.server.auth.

ALTER TABLE `user`
    ADD COLUMN firstname     VARCHAR(255) NULL AFTER username,
    ADD COLUMN lastname      VARCHAR(255) NULL AFTER firstname,
    ADD COLUMN email         VARCHAR(255) NULL AFTER lastname,
    -- A java.time zone id (Europe/Paris); NULL means the user gave none.
    ADD COLUMN timezone      VARCHAR(64)  NULL AFTER email,
    ADD COLUMN live_username VARCHAR(255) AS (IF(removed IS NULL, username, NULL)) STORED,
    DROP INDEX uk_user_username,
    ADD UNIQUE KEY uk_user_live_username (live_username);

-- One live account of a name per domain, also under two concurrent createAccount calls.
ALTER TABLE account
    ADD COLUMN live_name VARCHAR(255) AS (IF(removed IS NULL, name, NULL)) STORED,
    ADD UNIQUE KEY uk_account_domain_live_name (domain_id, live_name);

-- One live domain of a name per parent (so one live domain per path), also under two concurrent
-- createDomain calls. The path itself is too long for a unique key (1024 characters of utf8mb4).
ALTER TABLE domain
    ADD COLUMN live_name VARCHAR(255) AS (IF(removed IS NULL, name, NULL)) STORED,
    ADD UNIQUE KEY uk_domain_parent_live_name (parent_id, live_name);
