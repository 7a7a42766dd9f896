/**
 * Compression of backups after they are taken: {@link io.kboss.plugin.backup.kboss.compression.CompressionRequests}
 * queues a COMPRESSION operation ({@link io.kboss.plugin.backup.kboss.compression.CompressionKind}) when a
 * backup of an offering with {@code compress=true} ends BackedUp, and
 * {@link io.kboss.plugin.backup.kboss.compression.CompressionOperation} runs it on the agent of an Up host of the
 * backup's zone (the one that took it while it has room) and records the outcome ({@link io.kboss.plugin.backup.kboss.compression.CompressionRepository},
 * the only SQL). The statuses and their table are in {@code domain.compression}.
 */
package io.kboss.plugin.backup.kboss.compression;
