package io.kboss.server.inventory;

import io.kboss.server.inventory.InventoryRepository.Cluster;
import io.kboss.server.inventory.InventoryRepository.ImageStore;
import io.kboss.server.inventory.InventoryRepository.Zone;
import java.time.Instant;

/** Zone, cluster and image-store objects as the API shows them (CloudStack's field names). */
final class InventoryResponses {
    private InventoryResponses() {
    }

    record ZoneResponse(String id, String name, String description, String allocationstate, Instant created) {
        static ZoneResponse of(Zone z) {
            return new ZoneResponse(z.uuid(), z.name(), z.description(), z.allocationState(), z.created());
        }
    }

    record ClusterResponse(String id, String name, String zoneid, String zonename) {
        static ClusterResponse of(Cluster c) {
            return new ClusterResponse(c.uuid(), c.name(), c.zoneUuid(), c.zoneName());
        }
    }

    /**
     * CloudStack's ImageStoreResponse: disksizetotal and disksizeused as the last measurement found them
     * (absent before one); readonly; and KBOSS's backupsonly, usedbybackups, capacitychecked, and
     * capacitystale with capacityerror: the figures are old because the store could not be measured since.
     */
    record ImageStoreResponse(String id, String name, String url, String protocol, String providername,
            String zoneid, String zonename, String scope, String state, Instant created, boolean readonly,
            boolean backupsonly, Long disksizetotal, Long disksizeused, long usedbybackups, Instant capacitychecked,
            boolean capacitystale, String capacityerror, Instant capacityfailed) {
        static ImageStoreResponse of(ImageStore s) {
            Long used = s.capacityBytes() == null || s.freeBytes() == null
                    ? null
                    : Math.max(0, s.capacityBytes() - s.freeBytes());
            return new ImageStoreResponse(s.uuid(), s.name(), s.url(), s.protocol(),
                    "nfs".equals(s.protocol()) ? "NFS" : "local", s.zoneUuid(), s.zoneName(), "ZONE", s.state(),
                    s.created(), s.readonly(), s.backupsOnly(), s.capacityBytes(), used, s.usedByBackups(),
                    s.capacityChecked(), s.capacityChecked() == null || s.capacityError() != null,
                    s.capacityError(), s.capacityFailed());
        }
    }
}
