-- V21: what the usage plots need (issue 11 item 7).
--
-- Backups already keep what the per-VM and per-account plots need: a backup's `date` (when it was
-- taken), its `size`, and `removed` (when a deletion marked it Removed; DeleteRepository.markRemovedAt),
-- and its BACKUP operation's `started` and `ended` give how long it took. An image store's used and
-- total bytes are only its current values (capacity_bytes and free_bytes as an agent last measured
-- them, used_bytes what KBOSS's backups occupy), so a sampler
-- (io.kboss.server.usage.StoreUsageSampler) copies them here every `store.usage.sample.interval`
-- seconds and deletes samples older than `store.usage.retention` days; listImageStoreUsageHistory
-- reads them.
CREATE TABLE image_store_usage (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    image_store_id  BIGINT UNSIGNED NOT NULL,
    -- When the sample was taken (UTC); one sample per store and instant.
    sampled         DATETIME(3)     NOT NULL,
    -- The file system's used bytes (capacity_bytes - free_bytes, as listImageStores' disksizeused) and
    -- capacity_bytes at that moment; NULL while no agent had measured the store.
    used_bytes      BIGINT UNSIGNED NULL,
    capacity_bytes  BIGINT UNSIGNED NULL,
    -- image_store.used_bytes then: what KBOSS's backups occupied (listImageStores' usedbybackups).
    backup_bytes    BIGINT UNSIGNED NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_image_store_usage (image_store_id, sampled),
    -- Retention deletes by age across stores.
    KEY i_image_store_usage_sampled (sampled),
    CONSTRAINT fk_image_store_usage_store FOREIGN KEY (image_store_id) REFERENCES image_store (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The per-account storage history reads an account's taken backups by date.
ALTER TABLE backup ADD KEY i_backup_account_date (account_id, date);
