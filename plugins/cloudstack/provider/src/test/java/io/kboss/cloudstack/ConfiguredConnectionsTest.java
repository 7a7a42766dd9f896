package io.kboss.cloudstack;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.cloud.utils.exception.CloudRuntimeException;
import java.time.Duration;
import org.junit.Test;

/** A zone whose kboss settings are not set says which are missing and how to set them. */
public class ConfiguredConnectionsTest {
    @Test
    public void aZoneWithoutUrlAndKeysIsRefusedNamingEachSettingAndWhereTheKeysComeFrom() {
        CloudRuntimeException e = assertThrows(CloudRuntimeException.class,
                () -> new ConfiguredConnections().forZone(3L));

        assertTrue(e.getMessage(), e.getMessage().contains("backup.plugin.kboss.url, backup.plugin.kboss.api.key, "
                + "backup.plugin.kboss.secret.key are empty") && e.getMessage().contains("registerUserKeys"));
    }

    @Test
    public void jobsMayTakeTwelveHoursUnlessTheZoneSaysOtherwise() {
        assertEquals(Duration.ofHours(12), new ConfiguredConnections().jobTimeout(3L));
    }
}
