package io.kboss.agent;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * The agent's settings, read from a properties file ({@code --config}); every key has a default,
 * so an empty file (or none) gives a working agent on {@code 0.0.0.0:8250}.
 *
 * <pre>
 * bind.address=0.0.0.0            # the management network address, ideally
 * port=8250
 * state.dir=/var/lib/kboss-agent  # pairing keys (0600), job journal, NFS mount points
 * mount.root=${state.dir}/mnt
 * libvirt.uri=qemu:///system
 * jobs.max.concurrent=2
 * jobs.keep.days=14
 * store.call.timeout.seconds=10   # bound on a stat/statfs of a store
 * nfs.mount.timeout.seconds=30    # bound on the mount program
 * nfs.timeo.deciseconds=50        # NFS soft-mount timeo
 * nfs.retrans=2
 * program.timeout.hours=12        # bound on one qemu-img run (a large merge)
 * vm.name.prefix=                 # manage only libvirt domains whose name starts with it (empty: all)
 * validation.scratch.dir=${state.dir}/validation  # local space for validation VMs' overlays; QEMU must
 *                                 # be able to reach it (every folder above it searchable by others;
 *                                 # the agent keeps state.dir itself rwx--x--x for this and mount.root)
 * vm.events.reconcile.seconds=60  # how often the VM lifecycle feed lists the domains for what no
 *                                 # event reported (events themselves arrive at once)
 * libguestfs.backend.settings=    # LIBGUESTFS_BACKEND_SETTINGS for file-level restore's tools: force_tcg
 *                                 # where /dev/kvm cannot run guests (empty: libguestfs decides)
 * </pre>
 */
public record AgentConfig(String bindAddress, int port, Path stateDir, Path mountRoot, String libvirtUri,
        int maxConcurrentJobs, Duration keepFinishedJobs, Duration storeCallTimeout, Duration nfsMountTimeout,
        int nfsTimeoDeciseconds, int nfsRetrans, Duration programTimeout, String vmNamePrefix,
        Path validationScratch, Duration vmEventsReconcile, String libguestfsBackendSettings) {

    public static AgentConfig load(Path file) throws IOException {
        Properties p = new Properties();
        if (file != null) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        return from(p);
    }

    public static AgentConfig from(Properties p) {
        Path state = Path.of(p.getProperty("state.dir", "/var/lib/kboss-agent"));
        return new AgentConfig(p.getProperty("bind.address", "0.0.0.0"), integer(p, "port", 8250), state,
                Path.of(p.getProperty("mount.root", state.resolve("mnt").toString())),
                p.getProperty("libvirt.uri", "qemu:///system"), integer(p, "jobs.max.concurrent", 2),
                Duration.ofDays(integer(p, "jobs.keep.days", 14)),
                Duration.ofSeconds(integer(p, "store.call.timeout.seconds", 10)),
                Duration.ofSeconds(integer(p, "nfs.mount.timeout.seconds", 30)),
                integer(p, "nfs.timeo.deciseconds", 50),
                integer(p, "nfs.retrans", 2), Duration.ofHours(integer(p, "program.timeout.hours", 12)),
                p.getProperty("vm.name.prefix", "").trim(),
                Path.of(p.getProperty("validation.scratch.dir", state.resolve("validation").toString())),
                Duration.ofSeconds(positive(p, "vm.events.reconcile.seconds", 60)),
                p.getProperty("libguestfs.backend.settings", "").trim());
    }

    private static int positive(Properties p, String key, int fallback) {
        int v = integer(p, key, fallback);
        if (v < 1) {
            throw new IllegalArgumentException("Setting " + key + " must be 1 or more, not " + v);
        }
        return v;
    }

    private static int integer(Properties p, String key, int fallback) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting " + key + " must be a whole number, not '" + v + "'", e);
        }
    }
}
