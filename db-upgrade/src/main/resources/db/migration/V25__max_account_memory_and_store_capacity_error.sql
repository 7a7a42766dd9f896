-- The account memory limit's setting is CloudStack's max.account.memory (its Config.DefaultMaxAccountMemory);
-- it was named max.account.ram. A value set under the old name keeps applying under the new one.
UPDATE configuration_value SET name = 'max.account.memory' WHERE name = 'max.account.ram';
