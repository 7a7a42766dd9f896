package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kboss.server.operation.engine.AdmissionRecord;
import io.kboss.server.operation.engine.OperationEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The backup kinds' own limits ({@code backup.<kind>.max.concurrent.operations[.per.zone|.per.host]}) on
 * top of the backup group's: each kind's limit at each scope under a burst, a group's and a kind's limits
 * together, a kind at its limit not hiding other kinds queued behind it, two servers claiming at once, and
 * the settings as updateConfiguration and listConfigurations show them. Real MariaDB, the real server
 * configuration with its loops off, the fake agent at the channel boundary; claims are real dispatcher
 * passes, and held agent jobs keep what was claimed running while the test counts it.
 */
public class KindLimitsTest extends OneServerLab {
    /** A claim that never comes fails the test with its thread's stack instead of hanging the build. */
    @Rule
    public final Timeout perTest = Timeout.builder().withTimeout(5, TimeUnit.MINUTES)
            .withLookingForStuckThread(true).build();

    /** The backup group's kinds and the word their settings use. */
    private enum Kind {
        BACKUP("create"), RESTORE("restore"), VOLUME_RESTORE("volume.restore"), DELETE("delete"), VM_FROM_BACKUP(
                "vm.from.backup");

        final String key;

        Kind(String word) {
            this.key = "backup." + word + ".max.concurrent.operations";
        }
    }

    private static final String[] SCOPES = {"", ".per.zone", ".per.host"};
    private static int newVms;

    @BeforeClass
    public static void startCloud() throws Exception {
        startLab("orchestration_kind_limits", "kindlimits", 30, "kl");
        // The group's defaults (5 in the cloud, 2 per host) would hide the kinds' own limits: none here.
        cloud.setting("backup.max.concurrent.operations", "0");
        cloud.setting("backup.max.concurrent.operations.per.host", "0");
    }

    /** Ends what the test left running and sets every limit back to none. */
    @After
    public void drain() throws Exception {
        endLeftoversAndLimits();
        for (Kind k : Kind.values()) {
            cloud.setting(k.key, "0");
            cloud.zoneSetting(k.key + ".per.zone", "0");
            cloud.setting(k.key + ".per.host", "0");
        }
    }

    /** A VM on {@code host} with one backup taken; returns the VM and the backup's uuid. */
    private static Backed backedUpVm(long host) {
        OrchestrationCloud.Vm vm = cloud.vm("kl-vm" + (++newVms), host);
        return new Backed(vm, backedUp(vm));
    }

    private record Backed(OrchestrationCloud.Vm vm, String backup) {
    }

    /** Asks for one operation of the kind through its API command, on the VM or its backup. */
    private static void ask(Kind kind, Backed b) {
        switch (kind) {
            case BACKUP -> server.ok(admin, "createBackup", "virtualmachineid", b.vm().uuid());
            case RESTORE -> server.ok(admin, "restoreBackup", "id", b.backup());
            case VOLUME_RESTORE -> server.ok(admin, "restoreVolumeFromBackupAndAttachToVM", "backupid", b.backup(),
                    "volumeid", cloud.single("SELECT uuid FROM volume WHERE vm_id = ? AND volume_type = 'ROOT'",
                            b.vm().id()),
                    "virtualmachineid", b.vm().uuid());
            case DELETE -> server.ok(admin, "deleteBackup", "id", b.backup());
            case VM_FROM_BACKUP -> server.ok(admin, "createVMFromBackup", "backupid", b.backup(), "name",
                    b.vm().name() + "-new", "nics", "NO_IP");
            default -> throw new IllegalArgumentException(kind.name());
        }
    }

    private static long running(Kind kind) {
        return cloud.count("SELECT COUNT(*) FROM operation WHERE state = 'RUNNING' AND kind = ?", kind.name());
    }

    private static long runningOn(Kind kind, long host) {
        return cloud.count("SELECT COUNT(*) FROM operation WHERE state = 'RUNNING' AND kind = ? AND host_id = ?",
                kind.name(), host);
    }

    private static long succeeded(Kind kind) {
        return cloud.count("SELECT COUNT(*) FROM operation WHERE state = 'SUCCEEDED' AND kind = ?", kind.name());
    }

    /** One pass of {@code s} in a thread of its own (its handlers stop at held agent jobs), until it claimed. */
    private static void claimOnce(OrchestrationServer s) throws Exception {
        int jobsBefore = cloud.agents.jobs();
        Thread t = new Thread(s::pass);
        t.setDaemon(true);
        passes.add(t);
        t.start();
        // The claim commits before its first handler reaches the agent: once one job arrived, all is claimed.
        cloud.agents.awaitJobs(jobsBefore + 1);
    }

    /**
     * For each kind and each scope: three hosts with two VMs of the kind's work each, and on each host one
     * backup (a delete, for the backup kind) of another VM queued behind them. The kind's own limit (2 in the
     * cloud or the zone, 1 per host) is exactly what one claim starts of the kind, the other kind's work
     * starts beside it, and a waiting one says which setting holds it; once the agents finish, every
     * operation has run, and the most ever running of the kind never passed the limit. Each kind's bursts are
     * claimed by a server of their own, so that its admission record holds only theirs (the scopes in the
     * order cloud, zone, host: each one's limit is at most the one before).
     */
    @Test
    public void eachKindsOwnLimitHoldsAtEachScopeUnderABurstWhileOtherKindsRunBesideIt() throws Exception {
        for (Kind kind : Kind.values()) {
            try (OrchestrationServer s = cloud.server("kl-burst-" + kind.name(), 30)) {
                for (String scope : SCOPES) {
                    burst(kind, scope, s);
                    drain();
                }
            }
        }
    }

    private void burst(Kind kind, String scope, OrchestrationServer s) throws Exception {
        String setting = kind.key + scope;
        int limit = scope.equals(".per.host") ? 1 : 2;
        if (scope.equals(".per.zone")) {
            cloud.zoneSetting(setting, Integer.toString(limit));
        } else {
            cloud.setting(setting, Integer.toString(limit));
        }
        Kind other = kind == Kind.BACKUP ? Kind.DELETE : Kind.BACKUP;
        List<Long> burstHosts = List.of(newHost(), newHost(), newHost());
        List<Backed> work = new ArrayList<>();
        List<Backed> others = new ArrayList<>();
        for (long h : burstHosts) {
            for (int i = 0; i < 2; i++) {
                work.add(backedUpVm(h));
            }
            others.add(backedUpVm(h));
        }
        long doneBefore = succeeded(kind);
        long otherDoneBefore = succeeded(other);
        cloud.agents.hold();
        work.forEach(b -> ask(kind, b));
        others.forEach(b -> ask(other, b));
        claimOnce(s);

        String what = setting + " = " + limit;
        if (scope.equals(".per.host")) {
            for (long h : burstHosts) {
                assertEquals(what + ": one per host", 1, runningOn(kind, h));
            }
        } else {
            assertEquals(what + ": exactly the limit starts", limit, running(kind));
        }
        assertEquals(what + ": the other kind's work queued behind starts on every host", 3, running(other));
        String queued = cloud.single("SELECT uuid FROM operation WHERE state = 'QUEUED' AND kind = ? LIMIT 1",
                kind.name());
        String why = s.bean(OperationEngine.class).whyWaiting(queued).orElseThrow();
        assertTrue(why, why.contains(kind.name() + " operations are running") && why.contains(
                "the limit " + setting + " is " + limit));
        assertFalse("no internal id in the reason: " + why, why.matches(".*(host|zone) \\d+\\b.*"));

        cloud.agents.finishAtOnce();
        cloud.agents.finishAll();
        for (Thread t : passes) {
            t.join();
        }
        passes.clear();
        s.drain();
        assertEquals(what + ": every operation of the kind ran", 6, succeeded(kind) - doneBefore);
        assertEquals(3, succeeded(other) - otherDoneBefore);
        AdmissionRecord record = s.bean(OperationEngine.class).admissionRecord();
        if (scope.equals(".per.host")) {
            for (long h : burstHosts) {
                assertEquals(what, Integer.valueOf(1), record.mostOfKindPerHost(kind.name()).get(h));
            }
        } else if (scope.equals(".per.zone")) {
            assertTrue(what + ": " + record.mostOfKindPerZone(kind.name()),
                    record.mostOfKindPerZone(kind.name()).get(cloud.zoneId()) <= limit);
        } else {
            assertTrue(what + ": " + record.mostOfKind(kind.name()), record.mostOfKind(kind.name()) <= limit);
        }
    }

    /**
     * The group's per-host limit 2 and the restore's own 1 on one host with three restores and three backups
     * queued: one restore and one backup start (the group is full with two; the restore kind with one), and
     * a waiting backup names the group's setting, a waiting restore the group's too (both are full).
     */
    @Test
    public void theGroupsAndTheKindsLimitsHoldTogether() throws Exception {
        cloud.setting("backup.max.concurrent.operations.per.host", "2");
        cloud.setting(Kind.RESTORE.key + ".per.host", "1");
        long h = newHost();
        List<Backed> restores = List.of(backedUpVm(h), backedUpVm(h), backedUpVm(h));
        List<Backed> backups = List.of(backedUpVm(h), backedUpVm(h), backedUpVm(h));
        cloud.agents.hold();
        restores.forEach(b -> ask(Kind.RESTORE, b));
        backups.forEach(b -> ask(Kind.BACKUP, b));
        claimOnce(server);
        assertEquals("the restore's own limit", 1, runningOn(Kind.RESTORE, h));
        assertEquals("the group's limit leaves one slot for a backup", 1, runningOn(Kind.BACKUP, h));
        String backup = cloud.single("SELECT uuid FROM operation WHERE state = 'QUEUED' AND kind = 'BACKUP' LIMIT 1");
        String why = server.bean(OperationEngine.class).whyWaiting(backup).orElseThrow();
        assertTrue(why, why.contains("2 operations are running on host kl-h")
                && why.contains("backup.max.concurrent.operations.per.host is 2"));
    }

    /**
     * Head-of-line: on a server with three workers (a claim reads its first 16 queued rows), eighteen
     * restores of one host are queued before a backup of that host. The first claim starts one restore (its
     * kind's per-host limit is 1); the next claim still finds the backup behind the seventeen waiting restores
     * and starts it, and a restore of another host queued last starts too. (Were the waiting restores read
     * first, the second claim would start nothing and the test would stop at its timeout.)
     */
    @Test
    public void aKindAtItsLimitDoesNotHideOtherWorkQueuedBehindIt() throws Exception {
        cloud.setting(Kind.RESTORE.key + ".per.host", "1");
        long h = newHost();
        long elsewhere = newHost();
        List<Backed> restores = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            restores.add(backedUpVm(h));
        }
        Backed backup = backedUpVm(h);
        Backed otherHost = backedUpVm(elsewhere);
        try (OrchestrationServer small = cloud.server("kl-small", 3)) {
            cloud.agents.hold();
            restores.forEach(b -> ask(Kind.RESTORE, b));
            ask(Kind.BACKUP, backup);
            ask(Kind.RESTORE, otherHost);
            List<Thread> smallPasses = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int jobsBefore = cloud.agents.jobs();
                Thread t = new Thread(small::pass);
                t.setDaemon(true);
                smallPasses.add(t);
                t.start();
                cloud.agents.awaitJobs(jobsBefore + 1);
            }
            assertEquals(1, runningOn(Kind.RESTORE, h));
            assertEquals("the backup behind seventeen waiting restores started", 1, runningOn(Kind.BACKUP, h));
            assertEquals(1, runningOn(Kind.RESTORE, elsewhere));
            cloud.agents.finishAtOnce();
            cloud.agents.finishAll();
            for (Thread t : smallPasses) {
                t.join();
            }
            small.drain();
        }
    }

    /**
     * Two servers claim a burst at once on one database: 4 hosts with 6 VMs each, a restore of half of them
     * and a delete of the others' backups, plus a backup of each, under the restore's own 1 per host, the
     * delete's own 3 in the cloud and the group's 3 per host. Every operation runs once, and the most running,
     * as each claim counted it under the group's lock, never passed a limit.
     */
    @Test
    public void twoServersClaimingAtOnceKeepEachKindsLimits() throws Exception {
        cloud.setting("backup.max.concurrent.operations.per.host", "3");
        cloud.setting(Kind.RESTORE.key + ".per.host", "1");
        cloud.setting(Kind.DELETE.key, "3");
        List<Long> burstHosts = new ArrayList<>();
        List<Backed> restores = new ArrayList<>();
        List<Backed> deletes = new ArrayList<>();
        List<Backed> backups = new ArrayList<>();
        for (int h = 0; h < 4; h++) {
            long host = newHost();
            burstHosts.add(host);
            for (int i = 0; i < 3; i++) {
                restores.add(backedUpVm(host));
                deletes.add(backedUpVm(host));
                backups.add(backedUpVm(host));
            }
        }
        long restored = succeeded(Kind.RESTORE);
        long deleted = succeeded(Kind.DELETE);
        long backedUp = succeeded(Kind.BACKUP);
        int startsBefore = cloud.agents.starts().size();
        try (OrchestrationServer other = cloud.server("kl-ms-2", 10)) {
            for (int i = 0; i < restores.size(); i++) {
                ask(Kind.RESTORE, restores.get(i));
                ask(Kind.DELETE, deletes.get(i));
                ask(Kind.BACKUP, backups.get(i));
            }
            int claimed = cloud.passUntilDrained(List.of(server, other));
            assertEquals("each operation was claimed once", 36, claimed);
            assertEquals(12, succeeded(Kind.RESTORE) - restored);
            assertEquals(12, succeeded(Kind.DELETE) - deleted);
            assertEquals(12, succeeded(Kind.BACKUP) - backedUp);
            assertEquals("one agent start per operation", 36, cloud.agents.starts().size() - startsBefore);
            for (OrchestrationServer s : List.of(server, other)) {
                AdmissionRecord record = s.bean(OperationEngine.class).admissionRecord();
                assertTrue("deletes in the cloud: " + record.mostOfKind("DELETE"), record.mostOfKind("DELETE") <= 3);
                for (long h : burstHosts) {
                    Integer restoresOnHost = record.mostOfKindPerHost("RESTORE").get(h);
                    assertTrue("restores on a host: " + restoresOnHost, restoresOnHost == null || restoresOnHost <= 1);
                    Integer onHost = record.mostPerHost().get(h);
                    assertTrue("the group on a host: " + onHost, onHost == null || onHost <= 3);
                }
            }
        }
    }

    /**
     * Every kind's limits are listed with their scope and description; a negative or non-integer value is
     * refused with 431 naming the setting, and changes nothing.
     */
    @Test
    public void theSettingsAreListedWithTheirScopesAndBadValuesAreRefusedChangingNothing() {
        String[] scopeNames = {"global", "zone", "cluster"};
        for (Kind kind : Kind.values()) {
            for (int i = 0; i < SCOPES.length; i++) {
                String name = kind.key + SCOPES[i];
                JsonObject listed = null;
                for (JsonElement e : server.ok(admin, "listConfigurations", "name", name)
                        .getAsJsonArray("configuration")) {
                    if (e.getAsJsonObject().get("name").getAsString().equals(name)) {
                        listed = e.getAsJsonObject();
                    }
                }
                assertTrue(name + " is listed", listed != null);
                assertEquals(name, scopeNames[i], listed.get("scope").getAsString());
                assertEquals(name, "0", listed.get("defaultvalue").getAsString());
                assertTrue(listed.toString(), listed.get("description").getAsString().contains(
                        "backup.max.concurrent.operations" + SCOPES[i]));
            }
        }
        String name = Kind.RESTORE.key + ".per.host";
        for (String bad : List.of("-1", "two", "1.5")) {
            JsonObject refused = server.refused(431, admin, "updateConfiguration", "name", name, "value", bad);
            String text = refused.get("errortext").getAsString();
            assertTrue(text, text.contains(name));
        }
        assertEquals("nothing was stored", 0, cloud.count("SELECT COUNT(*) FROM configuration_value WHERE name = ?"
                + " AND value NOT IN ('0')", name));
    }
}
