package io.kboss.client;

import io.kboss.client.model.Zone;
import java.util.List;
import java.util.Optional;

/** Zones of the standalone server: listZones, createZone. */
public final class Zones {
    private final KbossClient client;

    Zones(KbossClient client) {
        this.client = client;
    }

    public List<Zone> list() {
        return client.all("listZones", ApiParams.none(), "zone", Zone.class, Paging.PAGE_SIZE);
    }

    /** The zone named exactly {@code name}. */
    public Optional<Zone> byName(String name) {
        return client.all("listZones", ApiParams.of("name", name), "zone", Zone.class, Paging.PAGE_SIZE).stream()
                .filter(z -> name.equals(z.name())).findFirst();
    }

    public Zone create(String name) {
        return client.object("createZone", ApiParams.of("name", name), "zone", Zone.class);
    }
}
