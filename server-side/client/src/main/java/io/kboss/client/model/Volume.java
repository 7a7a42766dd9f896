package io.kboss.client.model;

import java.time.Instant;

/**
 * A disk of a discovered VM (listVolumes): {@code deviceId} 0 is the root disk; {@code path} is
 * the disk's file on its host (admins only); {@code size} its virtual size in bytes.
 */
public record Volume(String id, String name, String type, Integer deviceId, String device, String virtualMachineId,
        String vmName, String path, Long size, Long physicalSize, String format, String storageType, String state,
        String zoneId, String zoneName, String account, String domainId, String domain, Instant created) {
}
