package io.kboss.server.inventory;

import io.kboss.server.api.ApiException;
import io.kboss.server.inventory.InventoryRepository.Cluster;
import io.kboss.server.inventory.InventoryRepository.Zone;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Looks up zones and clusters named in API parameters, refusing unknown ids with a 431 that names
 * the parameter. Plugins use it to turn a {@code zoneid} into the zone.
 */
@Component
public class Zones {
    private final InventoryRepository inventory;

    public Zones(InventoryRepository inventory) {
        this.inventory = inventory;
    }

    public Zone zone(String param, UUID uuid) throws ApiException {
        return inventory.findZone(uuid.toString()).orElseThrow(() -> ApiException.invalidParameter(
                "Unable to find zone by " + param + " " + uuid + "; listZones shows the zones"));
    }

    public Cluster cluster(String param, UUID uuid) throws ApiException {
        return inventory.findCluster(uuid.toString()).orElseThrow(() -> ApiException.invalidParameter(
                "Unable to find cluster by " + param + " " + uuid + "; listClusters shows the clusters"));
    }
}
