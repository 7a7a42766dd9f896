package io.kboss.test.backup;

import io.kboss.test.api.ApiSession;
import io.kboss.test.support.TinyGuestImage;
import java.nio.file.Path;
import java.util.List;

/**
 * The lab cloud as the UI's browser tests (package {@code io.kboss.test.ui}) use it: a
 * {@link LabCloud} with one zone, its image store, offerings, user accounts and one real
 * kboss-agent that owns only the domains named with the lab's prefix, plus the few fixture moves a
 * browser flow needs from outside the page (a guest write, powering a VM off or on, reading a
 * disk back). Discovery runs only when asked ({@code vm.sync.interval} is a day), so a VM changes
 * state in the page exactly when the test moves it.
 */
public final class BrowserLab implements AutoCloseable {
    private final LabCloud cloud;

    private BrowserLab(LabCloud cloud) {
        this.cloud = cloud;
    }

    /** A VM of the lab: the server's uuid for it and its libvirt domain's name. */
    public static final class Vm {
        private final LabVm lab;

        private Vm(LabVm lab) {
            this.lab = lab;
        }

        public String uuid() {
            return lab.uuid;
        }

        public String name() {
            return lab.domain.name;
        }
    }

    /**
     * @param prefix the libvirt names' and temporary folder's prefix (unique per test class)
     * @param purpose the database schema's purpose
     * @param offerings pairs of offering name and its createBackupOffering parameters (k=v,k=v)
     */
    public static BrowserLab start(String prefix, String purpose, String adminPassword, List<String> users,
            List<String[]> offerings) throws Exception {
        LabCloud.Builder b = LabCloud.builder(prefix, purpose).adminPassword(adminPassword).zone(purpose)
                .users(users.toArray(String[]::new)).setting("vm.sync.interval", "86400").domainPrefix(prefix)
                .hostsOwning(prefix);
        for (String[] o : offerings) {
            b.offering(o[0], o[1], List.of(o).subList(2, o.length).toArray(String[]::new));
        }
        return new BrowserLab(b.start());
    }

    public String baseUrl() {
        return cloud.baseUrl();
    }

    public ApiSession admin() {
        return cloud.admin;
    }

    public ApiSession session(String user) {
        return cloud.session(user);
    }

    /** The password LabCloud gives {@code user}. */
    public static String passwordOf(String user) {
        return user + "-pass-1";
    }

    public String zoneUuid() {
        return cloud.zone;
    }

    public String zoneName() throws Exception {
        return cloud.single("SELECT name FROM zone WHERE uuid = '" + cloud.zone + "'");
    }

    public String hostUuid() {
        return cloud.hostUuids.get(0);
    }

    public String offering(String name) {
        return cloud.offering(name);
    }

    /** A running VM on the lab's host, discovered, owned by {@code account} (or the admin for "admin"). */
    public Vm newVm(String account, String size, String prefill) throws Exception {
        LabVm vm = cloud.discover(0, cloud.startDomain(0, size, prefill));
        if (!"admin".equals(account)) {
            cloud.giveTo(vm, account);
        }
        return new Vm(vm);
    }

    /**
     * A running VM as {@link #newVm} makes, with a guest-agent channel nobody answers on: its backups' validations
     * run until their boot timeout, long enough for a page to cancel one.
     */
    public Vm newSilentAgentVm(String account, String size, String prefill) throws Exception {
        LabVm vm = cloud.discover(0, cloud.startSilentAgentDomain(0, size, prefill));
        if (!"admin".equals(account)) {
            cloud.giveTo(vm, account);
        }
        return new Vm(vm);
    }

    /**
     * A running VM booting the tiny guest from its own disk (built once by {@link TinyGuestImage#build}), its
     * guest agent answering, discovered and owned by {@code account}: its backups can be validated.
     */
    public Vm newTinyGuestVm(String account) throws Exception {
        LabVm vm = cloud.discover(0, cloud.startTinyGuest(0, TinyGuestImage.build()));
        if (!"admin".equals(account)) {
            cloud.giveTo(vm, account);
        }
        return new Vm(vm);
    }

    /** Writes {@code length} bytes of {@code pattern} at {@code offset} through QEMU, as a guest would. */
    public void write(Vm vm, int pattern, String offset, String length) throws Exception {
        vm.lab.domain.write(pattern, offset, length);
    }

    /** Powers the VM off behind the server's back and lets discovery see it. */
    public void stop(Vm vm) throws Exception {
        cloud.stop(vm.lab);
    }

    public void start(Vm vm) throws Exception {
        cloud.start(vm.lab);
    }

    /** Whether the libvirt domain runs. */
    public boolean running(Vm vm) throws Exception {
        return vm.lab.domain.running();
    }

    /** Checks the MiB at {@code mib} of the VM's current root disk (as the server records it) holds {@code pattern}. */
    public void assertDiskPattern(Vm vm, int pattern, int mib) throws Exception {
        DiskContent.assertPattern(
                Path.of(cloud.single("SELECT v.path FROM volume v JOIN vm_instance m ON m.id = v.vm_id"
                        + " WHERE m.uuid = '" + vm.uuid() + "' AND v.removed IS NULL AND v.device_id = 0")),
                pattern, mib);
    }

    /** One value from the lab's database. */
    public String single(String query) throws Exception {
        return cloud.single(query);
    }

    /** A statement on the lab's database (for seeding rows a test cannot make quickly through the API). */
    public void execute(String statement) throws Exception {
        cloud.sql.execute(statement);
    }

    /** Destroys and undefines the domain a test made through the API (a new VM from a backup), if there is one. */
    public void removeDomain(String name) throws Exception {
        cloud.libvirt.withConnection(c -> {
            io.kboss.test.support.LabDomain.removeLeftover(c, name);
            return null;
        });
    }

    @Override
    public void close() throws Exception {
        cloud.close();
    }
}
