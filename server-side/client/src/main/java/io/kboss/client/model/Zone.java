package io.kboss.client.model;

import java.time.Instant;

/** A zone of the standalone server's inventory (listZones, createZone). */
public record Zone(String id, String name, String description, String allocationState, Instant created) {
}
