/**
 * The framework's implementations of the provider ports ({@link io.kboss.server.backup.VmInventory},
 * {@link io.kboss.server.backup.ImageStores}, {@link io.kboss.server.backup.Directory}) on its own tables.
 * Internal: plugins see the ports only.
 */
package io.kboss.server.backup.jdbc;
