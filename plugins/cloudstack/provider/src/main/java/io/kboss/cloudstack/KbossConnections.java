package io.kboss.cloudstack;

import io.kboss.client.KbossClient;
import java.time.Duration;

/**
 * The kboss-server a zone's backups go to, and how long its jobs may take. One seam, so the
 * provider's tests can put a client of their choosing behind a zone.
 */
interface KbossConnections {

    /**
     * The client for the zone's kboss-server, as the zone's settings say now.
     *
     * @throws com.cloud.utils.exception.CloudRuntimeException the settings are missing or wrong,
     *     saying which and how to set them
     */
    KbossClient forZone(long zoneId);

    /** How long to wait for a kboss job of the zone (backup.plugin.kboss.job.timeout). */
    Duration jobTimeout(long zoneId);
}
