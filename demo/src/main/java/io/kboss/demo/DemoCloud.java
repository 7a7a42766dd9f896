package io.kboss.demo;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The cloud the demonstration works in, found or made through the API: a zone, an image store on a
 * local folder, an offering that allows quick restore, and the local host paired with its agent.
 * Running the demonstration again reuses all four.
 */
final class DemoCloud {
    static final String ZONE = "demo-zone";
    static final String STORE = "demo-store";
    static final String OFFERING = "demo-offering";
    private static final Duration JOB = Duration.ofMinutes(5);

    final String zoneId;
    final String offeringId;
    final String hostId;
    final String hostName;

    private DemoCloud(String zoneId, String offeringId, String hostId, String hostName) {
        this.zoneId = zoneId;
        this.offeringId = offeringId;
        this.hostId = hostId;
        this.hostName = hostName;
    }

    static DemoCloud prepare(ApiClient api, DemoOptions o) throws IOException, InterruptedException {
        String zone = api.findIn(api.call("listZones", "name", ZONE), "zone", "name", ZONE)
                .orElseGet(() -> create(api, "createZone", "zone", "name", ZONE)).get("id").getAsString();
        Path store = o.work().resolve("store");
        Files.createDirectories(store);
        if (api.findIn(api.call("listImageStores", "zoneid", zone), "imagestore", "name", STORE).isEmpty()) {
            create(api, "addImageStore", "imagestore", "name", STORE, "url", store.toString(), "zoneid", zone);
        }
        String offering = api.findIn(api.call("listBackupOfferings", "zoneid", zone), "backupoffering", "name",
                OFFERING).orElseGet(
                        () -> create(api, "createBackupOffering", "backupoffering", "name", OFFERING,
                                "description", "KBOSS demonstration: chains of 7, quick restore", "zoneid", zone,
                                "allowuserdrivenbackups", "true", "allowquickrestore", "true", "backupchainsize", "7"))
                .get("id").getAsString();
        JsonObject host = pairedHost(api, o, zone);
        return new DemoCloud(zone, offering, host.get("id").getAsString(), host.get("name").getAsString());
    }

    /**
     * The local agent's host: added with the pairing code while the agent is unpaired, found among
     * the hosts by its address once it is paired.
     */
    private static JsonObject pairedHost(ApiClient api, DemoOptions o, String zone) throws IOException,
            InterruptedException {
        Path code = o.agentState().resolve("pairing-secret");
        if (Files.exists(code)) {
            return api
                    .call("addHost", "zoneid", zone, "url", o.agentUrl(), "pairingcode", Files.readString(code).strip(),
                            "hypervisor", "KVM")
                    .getAsJsonArray("host").get(0).getAsJsonObject();
        }
        String address = URI.create(o.agentUrl()).getHost();
        Optional<JsonObject> known = api.findIn(api.call("listHosts", "zoneid", zone), "host", "ipaddress", address);
        if (known.isEmpty()) {
            throw new IOException("the agent at " + o.agentUrl() + " is paired, but not with this management server's "
                    + "zone " + ZONE
                    + "; run bin/kboss-agent --reset-pairing (with the agent stopped) to pair it here");
        }
        JsonObject job = api.call("reconnectHost", "id", known.get().get("id").getAsString());
        return api.waitForJob(job.get("jobid").getAsString(), JOB, p -> {
        }).getAsJsonObject("host");
    }

    private static JsonObject create(ApiClient api, String command, String objectName, String... kv) {
        try {
            return api.call(command, kv).getAsJsonObject(objectName);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + command, e);
        }
    }
}
