package io.kboss.plugin.backup.kboss.domain.backup;

/**
 * One disk of a VM as the assignment rule sees it.
 *
 * @param storageKind FILE, BLOCK, NETWORK, VOLUME or OTHER, as the agent reported it
 * @param format      qcow2, raw, ... or null when unknown
 */
public record ProtectableDisk(String device, String storageKind, String format) {
}
