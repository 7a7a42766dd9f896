package io.kboss.client;

import com.google.gson.JsonArray;
import io.kboss.client.model.Host;
import java.util.List;
import java.util.Optional;

/** KVM hosts and their kboss-agents: listHosts, addHost (pairing), reconnectHost. Root admins only. */
public final class Hosts {
    private final KbossClient client;

    Hosts(KbossClient client) {
        this.client = client;
    }

    /** @param zoneId null for every zone */
    public List<Host> list(String zoneId) {
        return client.all("listHosts", ApiParams.of("zoneid", zoneId), "host", Host.class, Paging.PAGE_SIZE);
    }

    public Optional<Host> get(String id) {
        return client.page("listHosts", ApiParams.of("id", id), "host", Host.class).items().stream().findFirst();
    }

    /**
     * Pairs the agent at {@code agentUrl} with its one-time pairing code and registers its host.
     *
     * @param agentUrl e.g. http://10.0.0.5:8250
     */
    public Host add(String zoneId, String agentUrl, String pairingCode) {
        JsonArray added = client.call("addHost", ApiParams.of("zoneid", zoneId, "url", agentUrl, "pairingcode",
                pairingCode, "hypervisor", "KVM")).getAsJsonArray("host");
        if (added == null || added.isEmpty()) {
            throw new KbossClientException("addHost answered without the host it added", null);
        }
        return KbossClient.read("addHost", added.get(0), Host.class);
    }

    /** Asks the host's agent now and discovers its VMs; the job answers the host as it is then. */
    public PendingJob<Host> reconnect(String id) {
        return client.start("reconnectHost", ApiParams.of("id", id),
                r -> KbossClient.read("reconnectHost", r.get("host"), Host.class));
    }
}
