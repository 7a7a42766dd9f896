/**
 * A backup's compression after it was taken: its statuses and the one table of their changes. No
 * Spring, JDBC or agent types.
 */
package io.kboss.plugin.backup.kboss.domain.compression;
