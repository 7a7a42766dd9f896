package io.kboss.demo;

import io.kboss.client.KbossClient;
import io.kboss.client.model.BackupOffering;
import io.kboss.client.model.Host;
import io.kboss.client.request.OfferingRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    /** The offering whose backups are compressed and validated after they are taken (step 7). */
    static final String CHECKED_OFFERING = "demo-checked-offering";
    private static final Duration JOB = Duration.ofMinutes(5);

    final String zoneId;
    final String offeringId;
    final String checkedOfferingId;
    final String hostId;
    final String hostName;

    private DemoCloud(String zoneId, String offeringId, String checkedOfferingId, String hostId, String hostName) {
        this.zoneId = zoneId;
        this.offeringId = offeringId;
        this.checkedOfferingId = checkedOfferingId;
        this.hostId = hostId;
        this.hostName = hostName;
    }

    static DemoCloud prepare(KbossClient kboss, DemoOptions o) throws IOException {
        String zone = kboss.zones().byName(ZONE).orElseGet(() -> kboss.zones().create(ZONE)).id();
        Path store = o.work().resolve("store");
        Files.createDirectories(store);
        if (kboss.imageStores().list(zone).stream().noneMatch(s -> STORE.equals(s.name()))) {
            kboss.imageStores().add(STORE, store.toString(), zone);
        }
        BackupOffering offering = kboss.offerings().byName(zone, OFFERING).orElseGet(() -> kboss.offerings().create(
                OfferingRequest.create(OFFERING, "KBOSS demonstration: chains of 7, quick restore", zone)
                        .allowQuickRestore(true).backupChainSize(7)));
        BackupOffering checked = kboss.offerings().byName(zone, CHECKED_OFFERING).orElseGet(() -> kboss.offerings()
                .create(OfferingRequest.create(CHECKED_OFFERING, "KBOSS demonstration: compressed (zstd) and "
                        + "validated (screenshot) after each backup", zone)
                        .compress(true, "zstd").validate(true, List.of("screenshot")).backupChainSize(7)));
        Host host = pairedHost(kboss, o, zone);
        return new DemoCloud(zone, offering.id(), checked.id(), host.id(), host.name());
    }

    /**
     * The local agent's host: added with the pairing code while the agent is unpaired, found among
     * the hosts by its address once it is paired.
     */
    private static Host pairedHost(KbossClient kboss, DemoOptions o, String zone) throws IOException {
        Path code = o.agentState().resolve("pairing-secret");
        if (Files.exists(code)) {
            return kboss.hosts().add(zone, o.agentUrl(), Files.readString(code).strip());
        }
        String address = URI.create(o.agentUrl()).getHost();
        Optional<Host> known = kboss.hosts().list(zone).stream().filter(h -> address.equals(h.ipAddress())).findFirst();
        if (known.isEmpty()) {
            throw new IOException("the agent at " + o.agentUrl() + " is paired, but not with this management server's "
                    + "zone " + ZONE
                    + "; run bin/kboss-agent --reset-pairing (with the agent stopped) to pair it here");
        }
        return kboss.hosts().reconnect(known.get().id()).await(JOB);
    }
}
