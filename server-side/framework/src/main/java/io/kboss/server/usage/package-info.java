/**
 * Usage history for the plots (issue 11 item 7): {@link io.kboss.server.usage.StoreUsageSampler} samples
 * every image store's used and total bytes into {@code image_store_usage} on the host monitor's leader, and
 * {@code listImageStoreUsageHistory} answers the samples. The per-VM and per-account backup history lives
 * with the provider, which owns the backups.
 */
package io.kboss.server.usage;
