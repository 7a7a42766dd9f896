package io.kboss.client.model;

import java.time.Instant;

/** Secondary storage where backups are written (listImageStores, addImageStore). */
public record ImageStore(String id, String name, String url, String protocol, String providerName, String zoneId,
        String zoneName, String scope, String state, Instant created) {
}
