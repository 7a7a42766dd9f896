-- The account memory limit's setting is CloudStack's max.account.memory (its Config.DefaultMaxAccountMemory);
-- it was named max.account.ram. A value set under the old name keeps applying under the new one.
UPDATE configuration_value SET name = 'max.account.memory' WHERE name = 'max.account.ram';

-- Why the last attempt to measure a store failed (no Up host in its zone, or the agent's error), and when;
-- NULL once a measurement succeeds. listImageStores shows the store's figures as stale while it is set.
ALTER TABLE image_store
    ADD COLUMN capacity_error   VARCHAR(1024)   NULL AFTER capacity_checked,
    ADD COLUMN capacity_failed  DATETIME(3)     NULL AFTER capacity_error;
