package io.kboss.test.backup;

import static org.junit.Assert.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.ListJobsCommand;
import io.kboss.agent.vm.LibvirtConnection;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.backup.AgentChannels;
import io.kboss.server.app.KbossServer;
import io.kboss.server.app.KbossServerConfig;
import io.kboss.server.host.HostMonitor;
import io.kboss.test.api.ApiSession;
import io.kboss.test.support.AgentJvm;
import io.kboss.test.support.LabDomain;
import io.kboss.test.support.Programs;
import io.kboss.test.support.ServerJvm;
import io.kboss.test.support.TinyGuestImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The cloud the HTTP tests run against: a private TestDatabase schema, kboss-server (in process, or
 * first in a JVM of its own so it can be killed), an admin session, a zone with an image store in a
 * temporary folder, offerings, user accounts, real kboss-agent processes paired with addHost, and the
 * lab domains the test starts on the machine's libvirtd. {@link #close} destroys every domain it
 * started and removes the folder, whatever the test left behind.
 */
final class LabCloud implements AutoCloseable {
    final Path folder;
    final Path store;
    // Set as the constructor gets there: a cloud that failed half way is torn down from what it has.
    TestDatabase db;
    LabSql sql;
    LibvirtConnection libvirt;
    ApiSession admin;
    String zone;
    String rootDomain;
    final List<AgentJvm> agents = new ArrayList<>();
    final List<String> hostUuids = new ArrayList<>();
    private final Builder spec;
    private final Path work;
    private final Map<String, String> offerings = new LinkedHashMap<>();
    private final Map<String, ApiSession> sessions = new LinkedHashMap<>();
    private final List<LabDomain> domains = new ArrayList<>();
    private final List<KbossServer> others = new ArrayList<>();
    private KbossServer server;
    private ServerJvm jvm;
    private String baseUrl;
    /** The zone's image store's uuid. */
    String storeUuid;
    private Path nfsMountPoint;

    /** @param folderPrefix the temporary folder's name prefix; @param purpose the database schema's */
    static Builder builder(String folderPrefix, String purpose) {
        return new Builder(folderPrefix, purpose);
    }

    /** What differs between the tests' clouds; the rest is the same for all. */
    static final class Builder {
        private final String folderPrefix;
        private final String purpose;
        private String adminPassword = "lab-admin";
        private String zoneName;
        private boolean inOwnJvm;
        private boolean pairAgents = true;
        private Duration jobTimeout = Duration.ofSeconds(120);
        private Consumer<KbossServerConfig.Builder> configure = b -> {
        };
        private final List<String[]> offerings = new ArrayList<>();
        private final List<String> users = new ArrayList<>();
        private final List<String[]> settings = new ArrayList<>();
        private final List<String> hostPrefixes = new ArrayList<>();
        private String domainPrefix = "kbt-orch-";
        private boolean nfsStore;

        private Builder(String folderPrefix, String purpose) {
            this.folderPrefix = folderPrefix;
            this.purpose = purpose;
        }

        Builder adminPassword(String password) {
            this.adminPassword = password;
            return this;
        }

        /** The zone (and its store) are named after {@code name}; without it the cloud has no zone and no host. */
        Builder zone(String name) {
            this.zoneName = name;
            return this;
        }

        /** An offering in the zone, user-driven backups allowed, with more createBackupOffering parameters. */
        Builder offering(String name, String description, String... more) {
            String[] kv = new String[more.length + 2];
            kv[0] = name;
            kv[1] = description;
            System.arraycopy(more, 0, kv, 2, more.length);
            offerings.add(kv);
            return this;
        }

        /** User accounts in the root domain, password {@code <name>-pass-1}, each logged in. */
        Builder users(String... names) {
            users.addAll(List.of(names));
            return this;
        }

        /** A global setting changed before the agents are paired. */
        Builder setting(String name, String value) {
            settings.add(new String[]{name, value});
            return this;
        }

        /** More server configuration, applied to every server this cloud starts. */
        Builder configure(Consumer<KbossServerConfig.Builder> more) {
            this.configure = more;
            return this;
        }

        /** The libvirt name prefix of the domains the one host's tests start (its agent discovers every domain). */
        Builder domainPrefix(String prefix) {
            this.domainPrefix = prefix;
            return this;
        }

        /** One host per prefix, each agent in a folder of its own owning only its prefix's domains. */
        Builder hostsOwning(String... prefixes) {
            hostPrefixes.addAll(List.of(prefixes));
            return this;
        }

        /** The first server runs in a JVM of its own ({@link ServerJvm}), so the test can kill it. */
        Builder firstServerInOwnJvm() {
            this.inOwnJvm = true;
            return this;
        }

        /** The agent is started but not paired: the test pairs it itself. */
        Builder agentNotPaired() {
            this.pairAgents = false;
            return this;
        }

        /**
         * The zone's image store is an NFS store (nfs://127.0.0.1/FOLDER): the server treats it as one it does not
         * mount. This machine's kernel has no NFS client (LAB.md), so the mount the agent would make is stood in
         * for by a bind mount of the folder at the agent's mount point, made before the agent first uses the store
         * (the agent then finds it mounted and does no mount of its own); everything above the mount is real.
         */
        Builder nfsStore() {
            this.nfsStore = true;
            return this;
        }

        Builder jobTimeout(Duration timeout) {
            this.jobTimeout = timeout;
            return this;
        }

        LabCloud start() throws Exception {
            return new LabCloud(this);
        }
    }

    private LabCloud(Builder spec) throws Exception {
        this.spec = spec;
        folder = Files.createTempDirectory(spec.folderPrefix);
        // QEMU (another user) reads the disks and writes the backups below this folder.
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        store = Files.createDirectories(folder.resolve("store"));
        work = Files.createDirectories(folder.resolve("server"));
        try {
            db = TestDatabase.create(spec.purpose);
            sql = new LabSql(db);
            if (spec.inOwnJvm) {
                jvm = ServerJvm.builder(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD).work(work)
                        .adminPassword(spec.adminPassword).log(folder.resolve("first-server.log")).start();
                baseUrl = jvm.baseUrl();
            } else {
                startServer(b -> {
                });
            }
            admin = ApiSession.login(baseUrl, "admin", spec.adminPassword, "/");
            rootDomain = sql.single("SELECT uuid FROM domain WHERE path = '/'");
            if (spec.zoneName != null) {
                zone = admin.ok("createZone", "name", spec.zoneName + "-zone").getAsJsonObject("zone").get("id")
                        .getAsString();
                storeUuid = admin.ok("addImageStore", "name", spec.zoneName + "-store", "url", (spec.nfsStore
                        ? "nfs://127.0.0.1"
                        : "") + store, "zoneid", zone).getAsJsonObject("imagestore").get("id")
                        .getAsString();
                for (String[] o : spec.offerings) {
                    List<String> kv = new ArrayList<>(List.of("name", o[0], "description", o[1], "zoneid", zone,
                            "allowuserdrivenbackups", "true"));
                    kv.addAll(List.of(o).subList(2, o.length));
                    offerings.put(o[0], admin.ok("createBackupOffering", kv.toArray(String[]::new))
                            .getAsJsonObject("backupoffering").get("id").getAsString());
                }
            }
            for (String user : spec.users) {
                admin.ok("createAccount", "username", user, "password", user + "-pass-1", "accounttype", "0",
                        "domainid", rootDomain);
                sessions.put(user, ApiSession.login(baseUrl, user, user + "-pass-1", "/"));
            }
            for (String[] s : spec.settings) {
                admin.ok("updateConfiguration", "name", s[0], "value", s[1]);
            }
            if (spec.nfsStore) {
                Path mountPoint = Files.createDirectories(folder.resolve("nfs-mounts").resolve(storeUuid));
                Programs.run(List.of("mount", "--bind", store.toString(), mountPoint.toString()),
                        Duration.ofSeconds(30));
                nfsMountPoint = mountPoint;
                agents.add(AgentJvm.start(folder, "mount.root=" + folder.resolve("nfs-mounts") + "\n"));
            } else if (spec.hostPrefixes.isEmpty()) {
                agents.add(AgentJvm.start(folder));
            } else {
                for (int h = 0; h < spec.hostPrefixes.size(); h++) {
                    agents.add(AgentJvm.start(Files.createDirectories(folder.resolve("host" + h)),
                            "vm.name.prefix=" + spec.hostPrefixes.get(h) + "\n"));
                }
            }
            if (zone != null && spec.pairAgents) {
                for (AgentJvm agent : agents) {
                    hostUuids.add(admin.ok("addHost", "zoneid", zone, "url", agent.uri.toString(), "pairingcode",
                            agent.pairingCode(), "hypervisor", "KVM").getAsJsonArray("host").get(0).getAsJsonObject()
                            .get("id").getAsString());
                }
            }
            libvirt = new LibvirtConnection("qemu:///system");
        } catch (Exception | AssertionError e) {
            // A half-built cloud is torn down here: the test class's teardown never sees it.
            closeQuietly(e);
            throw e;
        }
    }

    String baseUrl() {
        return baseUrl;
    }

    String adminPassword() {
        return spec.adminPassword;
    }

    /** The in-process server (the latest started), or null while none runs. */
    KbossServer server() {
        return server;
    }

    String offering(String name) {
        return offerings.get(name);
    }

    ApiSession session(String user) {
        return sessions.get(user);
    }

    /** Starts the in-process server on the cloud's database and working folder; {@code more} adds to its configuration. */
    KbossServer startServer(Consumer<KbossServerConfig.Builder> more) throws Exception {
        server = KbossServer.start(config(work, more));
        baseUrl = server.baseUrl();
        return server;
    }

    /** Closes the in-process server (its shutdown, not a crash). */
    void stopServer() throws Exception {
        server.close();
        server = null;
    }

    /** SIGKILL of the server started in its own JVM. */
    void killFirstServer() throws Exception {
        jvm.kill();
        jvm = null;
    }

    /** Another management server on the same database, in a working folder of its own. */
    KbossServer startAnotherServer(String workName, Consumer<KbossServerConfig.Builder> more) throws Exception {
        Path own = Files.createDirectories(folder.resolve(workName));
        // Servers on one database share the key that seals agent channel keys (ChannelKeySeal).
        Files.copy(work.resolve("host-channel.key"), own.resolve("host-channel.key"));
        KbossServer another = KbossServer.start(config(own, more));
        others.add(another);
        return another;
    }

    private KbossServerConfig config(Path workFolder, Consumer<KbossServerConfig.Builder> more) {
        KbossServerConfig.Builder b = KbossServerConfig.builder()
                .jdbc(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD).http("127.0.0.1", 0)
                .workFolder(workFolder).adminPassword(spec.adminPassword);
        spec.configure.accept(b);
        more.accept(b);
        return b.build();
    }

    /**
     * A running lab domain on the (first) host, named with the cloud's domain prefix, its one qcow2 disk of
     * {@code size} with {@code prefill} bytes of 0x5a written before it starts (e.g. "1536M"), or empty when
     * null; destroyed by {@link #close}.
     */
    LabDomain startDomain(String size, String prefill) throws Exception {
        return startDomain(spec.domainPrefix, size, prefill);
    }

    /** A running lab domain of host 0 with this many vCPUs and MiB of memory (and a 64M disk). */
    LabDomain startDomainSized(int vcpus, int memoryMib) throws Exception {
        return track(domainOwnedBy(spec.domainPrefix).vcpus(vcpus).memoryMib(memoryMib).acpi().qcow2Disk("64M", null)
                .start());
    }

    /** A lab domain that host {@code host}'s agent owns (see {@link Builder#hostsOwning}). */
    LabDomain startDomain(int host, String size, String prefill) throws Exception {
        return startDomain(spec.hostPrefixes.get(host), size, prefill);
    }

    private LabDomain startDomain(String prefix, String size, String prefill) throws Exception {
        // It has ACPI, as cloud VMs do: without it QEMU cannot hot-plug a restored volume into it.
        return track(domainOwnedBy(prefix).memoryMib(32).acpi().qcow2Disk(size, prefill).start());
    }

    /** A domain in the lab's folder named so that the agent owning {@code prefix} owns it. */
    private LabDomain.Builder domainOwnedBy(String prefix) {
        return LabDomain.named(prefix + UUID.randomUUID().toString().substring(0, 8)).inFolder(folder);
    }

    /**
     * As {@link #startDomain(int, String, String)}, with a guest-agent channel that nobody answers on (there is
     * no guest OS): a validation of its backup waits its whole boot timeout for an agent.
     */
    LabDomain startSilentAgentDomain(int host, String size, String prefill) throws Exception {
        return track(domainOwnedBy(spec.hostPrefixes.get(host)).memoryMib(32).acpi().guestAgentChannel()
                .qcow2Disk(size, prefill).start());
    }

    /**
     * A lab domain of host {@code host} booting the tiny guest ({@link TinyGuestImage}) from its own disk, its
     * guest agent answering: a VM whose backups a validation can boot and check.
     */
    LabDomain startTinyGuest(int host, Path guest) throws Exception {
        LabDomain d = track(domainOwnedBy(spec.hostPrefixes.get(host)).bootingTinyGuestFromItsDisk(guest).start());
        TinyGuestImage.waitForAgent(d);
        return d;
    }

    LabDomain track(LabDomain d) {
        domains.add(d);
        return d;
    }

    /** Destroys the domain now (behind the server's back) and forgets it. */
    void destroy(LabDomain d) throws Exception {
        d.close();
        domains.remove(d);
    }

    /** A running VM with a disk of {@code size} on the first host, discovered now. */
    LabVm newVm(String size) throws Exception {
        return discover(0, startDomain(size, null));
    }

    /** Runs host {@code host}'s discovery now and returns the VM the server made of {@code d}. */
    LabVm discover(int host, LabDomain d) throws Exception {
        syncNow(hostUuids.get(host));
        return registered(host, d);
    }

    /** The VM the server already made of {@code d} on host {@code host}. */
    LabVm registered(int host, LabDomain d) throws Exception {
        return new LabVm(sql.single("SELECT uuid FROM vm_instance WHERE domain_uuid = '" + d.libvirtUuid
                + "' AND removed IS NULL"), d, hostUuids.get(host));
    }

    void syncNow(String hostUuid) throws Exception {
        server.bean(HostMonitor.class).syncNow(hostUuid);
    }

    /** Gives the VM to {@code account} (root domain) through the admin's assignVirtualMachine. */
    void giveTo(LabVm vm, String account) throws Exception {
        admin.ok("assignVirtualMachine", "virtualmachineid", vm.uuid, "account", account, "domainid", rootDomain);
    }

    void assignOffering(ApiSession session, LabVm vm, String offeringUuid) throws Exception {
        session.okJob("assignVirtualMachineToBackupOffering", "virtualmachineid", vm.uuid, "backupofferingid",
                offeringUuid);
    }

    /** Powers the domain off and lets discovery see it. */
    void stop(LabVm vm) throws Exception {
        libvirt.withConnection(c -> {
            c.domainLookupByUUIDString(vm.domain.libvirtUuid).destroy();
            return null;
        });
        syncNow(vm.hostUuid);
    }

    /** Powers the domain on and lets discovery see it. */
    void start(LabVm vm) throws Exception {
        libvirt.withConnection(c -> {
            c.domainLookupByUUIDString(vm.domain.libvirtUuid).create();
            return null;
        });
        syncNow(vm.hostUuid);
    }

    /** createBackup with {@code more} parameters, waits for its job to succeed, returns the backup's id. */
    String takeBackup(ApiSession session, String vmUuid, String... more) throws Exception {
        List<String> kv = new ArrayList<>(List.of("virtualmachineid", vmUuid));
        kv.addAll(List.of(more));
        JsonObject started = session.ok("createBackup", kv.toArray(String[]::new));
        JsonObject r = session.waitForJob(started.get("jobid").getAsString(), spec.jobTimeout);
        assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
        return started.get("id").getAsString();
    }

    /** {@link #takeBackup}, returning the backup as listBackups shows it. */
    JsonObject backUp(ApiSession session, LabVm vm, String... more) throws Exception {
        return listed(session, takeBackup(session, vm.uuid, more));
    }

    /** restoreBackup with {@code more} parameters; waits for its job to succeed and returns the job's answer. */
    JsonObject restore(ApiSession session, String backup, String... more) throws Exception {
        List<String> kv = new ArrayList<>(List.of("id", backup));
        kv.addAll(List.of(more));
        JsonObject r = session.waitForJob(session.ok("restoreBackup", kv.toArray(String[]::new)).get("jobid")
                .getAsString(), spec.jobTimeout);
        assertEquals(r.toString(), 1, r.get("jobstatus").getAsInt());
        return r;
    }

    /** The one backup {@code id} as listBackups shows it to {@code session}. */
    JsonObject listed(ApiSession session, String backup) throws Exception {
        JsonArray found = list(session, "id", backup);
        assertEquals(found.toString(), 1, found.size());
        return found.get(0).getAsJsonObject();
    }

    JsonArray list(ApiSession session, String... filters) throws Exception {
        JsonObject r = session.ok("listBackups", filters);
        return r.has("backup") ? r.getAsJsonArray("backup") : new JsonArray();
    }

    String single(String query) throws Exception {
        return sql.single(query);
    }

    /** The host's agent's job for backup {@code backupUuid} (its journal, asked as the in-process server would). */
    JobInfo agentJobOf(String hostUuid, String backupUuid) throws Exception {
        return agentJobs(hostUuid, new ListJobsCommand()).stream().filter(j -> backupUuid.equals(j.backupUuid))
                .findFirst().orElseThrow(() -> new AssertionError("the agent of host " + hostUuid + " has no job for"
                        + " backup " + backupUuid));
    }

    /** SQL: the kind of the operation that holds the VM now (BACKUP, RESTORE, VOLUME_RESTORE, DELETE), if any. */
    static String holderOf(String vmUuid) {
        return "SELECT o.kind FROM operation o JOIN vm_instance v ON v.id = o.vm_lock WHERE v.uuid = '" + vmUuid + "'";
    }

    /**
     * Holds the VM as a running restore would, so tests can see what a busy VM refuses: a RUNNING
     * operation that the live server heartbeats (so nobody adopts it) and no server runs.
     *
     * @return the operation's uuid, for {@link #releaseVm}
     */
    String holdVm(String vmUuid) throws Exception {
        String uuid = java.util.UUID.randomUUID().toString();
        sql.execute("INSERT INTO operation (uuid, kind, origin, limit_group, exclusive_scope, vm_id, host_id, zone_id,"
                + " state, attempts, next_attempt, picked_by, heartbeat, enqueued, started) SELECT '" + uuid
                + "', 'RESTORE', 'API', 'backup', 'VM', v.id, v.host_id, v.zone_id, 'RUNNING', 1, UTC_TIMESTAMP(3),"
                + " (SELECT MAX(id) FROM mshost WHERE state = 'Up'), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3),"
                + " UTC_TIMESTAMP(3) FROM vm_instance v WHERE v.uuid = '" + vmUuid + "'");
        return uuid;
    }

    void releaseVm(String heldUuid) throws Exception {
        sql.execute("DELETE FROM operation WHERE uuid = '" + heldUuid + "'");
    }

    /** Whether the host's agent runs no job now (its journal, asked as the in-process server would). */
    boolean agentIdle(String hostUuid) throws Exception {
        return activeAgentJobs(hostUuid).isEmpty();
    }

    /** The jobs the host's agent runs now (not yet in a final state), as its journal lists them. */
    List<JobInfo> activeAgentJobs(String hostUuid) throws Exception {
        ListJobsCommand list = new ListJobsCommand();
        list.activeOnly = true;
        return agentJobs(hostUuid, list);
    }

    /** Every job in the host's agent's journal, ended or not, with its start and end times. */
    List<JobInfo> agentJournal(String hostUuid) throws Exception {
        return agentJobs(hostUuid, new ListJobsCommand());
    }

    private List<JobInfo> agentJobs(String hostUuid, ListJobsCommand list) throws Exception {
        return server.bean(AgentChannels.class).forHost(Long.parseLong(sql.single("SELECT id FROM host WHERE uuid = '"
                + hostUuid + "'"))).execute(list).jobs;
    }

    @Override
    public void close() throws Exception {
        Throwable failure = closeQuietly(null);
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    /** Tears down everything that was started, in reverse order, keeping the first failure. */
    private Throwable closeQuietly(Throwable first) {
        List<AutoCloseable> steps = new ArrayList<>();
        for (LabDomain d : domains) {
            steps.add(d::close);
        }
        steps.add(() -> {
            if (libvirt != null) {
                libvirt.close();
            }
        });
        steps.add(() -> {
            if (jvm != null) {
                jvm.kill();
            }
        });
        for (AgentJvm a : agents) {
            steps.add(a::close);
        }
        for (KbossServer s : others) {
            steps.add(s::close);
        }
        steps.add(() -> {
            if (server != null) {
                server.close();
            }
        });
        steps.add(() -> {
            if (db != null) {
                db.close();
            }
        });
        steps.add(() -> {
            if (nfsMountPoint != null) {
                Programs.run(List.of("umount", nfsMountPoint.toString()), Duration.ofSeconds(30));
            }
        });
        steps.add(() -> Programs.run(List.of("rm", "-rf", folder.toString()), Duration.ofSeconds(120)));
        Throwable failure = first;
        for (AutoCloseable step : steps) {
            try {
                step.close();
            } catch (Exception | AssertionError e) {
                if (failure == null) {
                    failure = e;
                } else if (failure != e) {
                    failure.addSuppressed(e);
                }
            }
        }
        return first == null ? failure : null;
    }
}
