package io.kboss.server.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.DiskStorageKind;
import io.kboss.agent.contract.VmDiskInfo;
import io.kboss.agent.contract.VmInfo;
import io.kboss.agent.contract.VmState;
import io.kboss.db.SchemaUpgrader;
import io.kboss.db.testing.TestDatabase;
import io.kboss.server.api.Role;
import io.kboss.server.auth.AccountRepository;
import io.kboss.server.backup.jdbc.JdbcVmInventory;
import io.kboss.server.host.HostRepository.Host;
import io.kboss.server.host.VmEventFollowerTest.FakeAgent;
import io.kboss.test.support.SettableClock;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Discovery of transient domains (CloudStack runs its VMs so: a stopped VM has no libvirt domain), on
 * the real schema with a fake agent at the channel: a transient domain that disappears is a VM that
 * stopped, kept Stopped with its volumes and marked not defined; when the cloud starts it again with the
 * same domain uuid it is the same VM, defined again. A persistent domain that disappears was undefined:
 * the VM is removed, as before.
 */
public class TransientDomainsTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final FakeAgent agent = new FakeAgent();
    private static TestDatabase db;
    private static JdbcTemplate jdbc;
    private VmDiscovery discovery;
    private Host host;

    @BeforeClass
    public static void migrate() throws Exception {
        db = TestDatabase.create("transient_domains");
        SchemaUpgrader.forUrl(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD, Clock.systemUTC()).upgrade();
        jdbc = new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl(), TestDatabase.USER, TestDatabase.PASSWORD));
        AccountRepository accounts = new AccountRepository(jdbc, Clock.systemUTC());
        accounts.insertAccount("admin", accounts.insertDomain("ROOT", null, "/"), Role.ROOT_ADMIN);
        jdbc.update("INSERT INTO zone (uuid, name, created) VALUES (UUID(), 'z1', UTC_TIMESTAMP(3))");
    }

    @AfterClass
    public static void drop() throws Exception {
        db.close();
    }

    @Before
    public void hostWithAgent() {
        jdbc.update("DELETE FROM volume");
        jdbc.update("DELETE FROM vm_instance");
        jdbc.update("DELETE FROM host");
        jdbc.update("INSERT INTO host (uuid, name, zone_id, url, address, port, status, status_changed,"
                + " channel_key_sealed, created) SELECT UUID(), 'h1', id, 'http://127.0.0.1:1', '127.0.0.1', 1, 'Up',"
                + " UTC_TIMESTAMP(3), ?, UTC_TIMESTAMP(3) FROM zone", (Object) new byte[32]);
        host = new HostRepository(jdbc).listLive().get(0);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        discovery = new VmDiscovery(h -> agent, new VmRepository(jdbc), tx, clock);
    }

    @Test
    public void aTransientDomainThatEndsIsAStoppedVmKeptWithItsVolumesUntilItStartsAgain() throws Exception {
        VmInfo vm = domain("i-2-10-VM", false, "/mnt/primary/root-10.qcow2", "/mnt/primary/data-10.raw");
        discovery.sync(host);
        String uuid = vmUuid(vm);
        assertEquals("Running PowerOn defined", state(uuid));
        JdbcVmInventory inventory = new JdbcVmInventory(jdbc);
        long id = inventory.findLive(uuid).orElseThrow().id();
        assertTrue(inventory.domainDefined(id));

        agent.domains.remove(vm.uuid); // CloudStack stopped it: libvirt forgets a transient domain
        clock.advance(java.time.Duration.ofMinutes(1));
        VmDiscovery.SyncResult stopped = discovery.sync(host);
        assertEquals(new VmDiscovery.SyncResult(0, 1, 0), stopped);
        assertEquals("kept, stopped, not defined", "Stopped PowerOff gone", state(uuid));
        assertFalse(inventory.domainDefined(id));
        assertEquals("its volumes keep their paths for a restore",
                List.of("vda /mnt/primary/root-10.qcow2", "vdb /mnt/primary/data-10.raw"),
                inventory.liveDisks(id).stream().map(d -> d.device() + " " + d.path()).toList());

        assertEquals("a second sync changes nothing", new VmDiscovery.SyncResult(0, 0, 0), discovery.sync(host));

        agent.domains.put(vm.uuid, vm); // started again, with the same domain uuid
        assertEquals(new VmDiscovery.SyncResult(0, 1, 0), discovery.sync(host));
        assertEquals("the same VM, running and defined again", "Running PowerOn defined", state(uuid));
        assertTrue(inventory.domainDefined(id));
        assertEquals(1, (int) jdbc.queryForObject("SELECT COUNT(*) FROM vm_instance", Integer.class));
    }

    @Test
    public void aBackupStateIsKeptWhenATransientDomainEnds() throws Exception {
        VmInfo vm = domain("i-2-11-VM", false, "/mnt/primary/root-11.qcow2");
        discovery.sync(host);
        String uuid = vmUuid(vm);
        jdbc.update("UPDATE vm_instance SET state = 'BackupError' WHERE uuid = ?", uuid);
        agent.domains.remove(vm.uuid);
        discovery.sync(host);
        assertEquals("BackupError PowerOff gone", state(uuid));
    }

    @Test
    public void aPersistentDomainThatIsUndefinedIsRemovedAsBefore() throws Exception {
        VmInfo vm = domain("web", true, "/var/lib/libvirt/images/web.qcow2");
        discovery.sync(host);
        String uuid = vmUuid(vm);
        agent.domains.remove(vm.uuid);
        assertEquals(new VmDiscovery.SyncResult(0, 0, 1), discovery.sync(host));
        assertEquals("Expunging", jdbc.queryForObject("SELECT state FROM vm_instance WHERE uuid = ? AND removed IS NOT"
                + " NULL", String.class, uuid));
        assertEquals(0, (int) jdbc.queryForObject("SELECT COUNT(*) FROM volume WHERE removed IS NULL", Integer.class));
    }

    private VmInfo domain(String name, boolean persistent, String... paths) {
        VmInfo v = agent.domain(name, VmState.RUNNING);
        v.persistent = persistent;
        char device = 'a';
        for (String path : paths) {
            VmDiskInfo d = new VmDiskInfo();
            d.targetDevice = "vd" + device++;
            d.deviceType = "disk";
            d.bus = "virtio";
            d.storageKind = DiskStorageKind.FILE;
            d.path = path;
            d.format = path.endsWith(".raw") ? "raw" : "qcow2";
            d.virtualSizeBytes = 64L << 20;
            v.disks.add(d);
        }
        return v;
    }

    private static String vmUuid(VmInfo domain) {
        return jdbc.queryForObject("SELECT uuid FROM vm_instance WHERE domain_uuid = ? AND removed IS NULL",
                String.class, domain.uuid);
    }

    private static String state(String uuid) {
        return jdbc.queryForObject("SELECT CONCAT(state, ' ', power_state, ' ', IF(domain_defined, 'defined', 'gone'))"
                + " FROM vm_instance WHERE uuid = ? AND removed IS NULL", String.class, uuid);
    }
}
