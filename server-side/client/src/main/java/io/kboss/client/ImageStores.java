package io.kboss.client;

import io.kboss.client.model.ImageStore;
import java.util.List;

/** Secondary storage where backups are written: listImageStores, addImageStore. */
public final class ImageStores {
    private final KbossClient client;

    ImageStores(KbossClient client) {
        this.client = client;
    }

    public List<ImageStore> list(String zoneId) {
        return client.all("listImageStores", ApiParams.of("zoneid", zoneId), "imagestore", ImageStore.class,
                Paging.PAGE_SIZE);
    }

    /** @param url a local folder on the hosts, or nfs://server/export */
    public ImageStore add(String name, String url, String zoneId) {
        return client.object("addImageStore", ApiParams.of("name", name, "url", url, "zoneid", zoneId), "imagestore",
                ImageStore.class);
    }
}
