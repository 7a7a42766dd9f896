package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.NewVmOutcome;
import io.kboss.agent.disk.domain.NewVmRequest;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.disk.domain.QuickRestoreListener;
import io.kboss.agent.disk.domain.QuickRestoreOutcome;
import io.kboss.agent.domain.CancelToken;
import io.kboss.agent.process.ProcessRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the agent's disk engine: backups, restores, quick restores, chain maintenance
 * (delete with merge, finish chain) and crash repair against the local libvirtd and qemu-img. Each
 * operation opens its own libvirt connection, so a libvirtd restart between operations is
 * harmless.
 *
 * <pre>
 *   DiskEngine engine = DiskEngine.local(Clock.systemUTC());
 *   BackupOutcome r = engine.backups().backup(request, progress, cancelToken);
 * </pre>
 */
public final class DiskEngine {
    private final String libvirtUri;
    private final Clock clock;
    private final ProcessRunner runner;
    private final QemuImg qemuImg;
    private final Duration programTimeout;
    private final Duration agentTimeout;

    public DiskEngine(String libvirtUri, Clock clock, ProcessRunner runner, Duration programTimeout,
            Duration agentTimeout) {
        this.libvirtUri = libvirtUri;
        this.clock = clock;
        this.runner = runner;
        this.qemuImg = new QemuImg(runner, programTimeout);
        this.programTimeout = programTimeout;
        this.agentTimeout = agentTimeout;
    }

    public DiskEngine(String libvirtUri, Clock clock, Duration programTimeout, Duration agentTimeout) {
        this(libvirtUri, clock, new ProcessRunner(), programTimeout, agentTimeout);
    }

    /** qemu:///system, qemu-img bounded by 12 h (a full of a large disk), guest agent by 5 s. */
    public static DiskEngine local(Clock clock) {
        return new DiskEngine("qemu:///system", clock, Duration.ofHours(12), Duration.ofSeconds(5));
    }

    public VmBackups backups() {
        return new LibvirtVmBackups(this);
    }

    public Restores restores() {
        return new ChainRestore(this);
    }

    public QuickRestores quickRestores() {
        return new OverlayQuickRestore(this);
    }

    /**
     * Quick restore of a VM libvirt does not know (a transient VM that stopped), from the
     * definition the server kept: overlays in place of the volumes, the VM started as a transient
     * domain. See {@link InPlaceQuickRestore}.
     */
    public QuickRestoreOutcome quickRestoreFromDefinition(String domainXml, Map<String, Path> newestBackupByDisk,
            QuickRestoreListener listener, CancelToken cancel) {
        return new InPlaceQuickRestore(this).restore(domainXml, newestBackupByDisk, listener, cancel);
    }

    /** Starts a VM libvirt does not know from {@code domainXml} and finishes its consolidation. */
    public QuickRestoreOutcome resumeConsolidationFromDefinition(String domainXml, QuickRestoreListener listener,
            CancelToken cancel) {
        return new InPlaceQuickRestore(this).resume(domainXml, listener, cancel);
    }

    /**
     * A new VM from a backup's files: volumes written whole, the domain defined (and started when
     * asked). See {@link NewVmFromBackup}.
     */
    public NewVmOutcome createVm(NewVmRequest request, ProgressListener progress, CancelToken cancel) {
        return new NewVmFromBackup(this).create(request, progress, cancel);
    }

    /**
     * Refuses (DiskOperationException) a new VM's name, uuid or volumes when any exists on this
     * host: asked before the job journals them as its own.
     */
    public void requireNewVm(String name, String uuid, List<Path> volumes) {
        try (Hypervisor hv = hypervisor()) {
            NewVmFromBackup.requireNew(hv, name, uuid, volumes);
        }
    }

    /** A new VM from a backup's files that runs at once on overlays and consolidates while it runs. */
    public NewVmOutcome quickCreateVm(NewVmRequest request, QuickRestoreListener listener, CancelToken cancel) {
        return new NewVmFromBackup(this).quickCreate(request, listener, cancel);
    }

    /**
     * The definition a VM created without its original's gets (see {@link TemplateDomain}): disks
     * by device name in boot order, no network interface.
     */
    public static String templateDefinition(String domainType, int vcpus, long memoryBytes, List<String> disks) {
        return TemplateDomain.xml(domainType, vcpus, memoryBytes, disks);
    }

    /**
     * The libvirt domain type a VM built from a plain definition gets on this host: kvm when libvirt offers KVM
     * guests (its capabilities list a kvm domain), qemu (TCG) otherwise, as on a host whose /dev/kvm is missing
     * or unusable, where a kvm domain cannot even be defined ("could not get preferred machine ... type=kvm").
     */
    public String hostDomainType() {
        try (Hypervisor hv = hypervisor()) {
            String capabilities = hv.connect().getCapabilities();
            return KVM_DOMAIN.matcher(capabilities).find() ? "kvm" : "qemu";
        } catch (org.libvirt.LibvirtException e) {
            throw new LibvirtCallException("cannot read libvirt's capabilities to choose the new VM's domain type: "
                    + e.getMessage(), e);
        }
    }

    private static final java.util.regex.Pattern KVM_DOMAIN = java.util.regex.Pattern.compile(
            "<domain\\s+type=['\"]kvm['\"]");

    public JobRepair repairs() {
        return new LibvirtJobRepair(this);
    }

    public ReplacedVolumes replacedVolumes() {
        return new ReplacedVolumes(this);
    }

    /** Quick restore of one volume into a new disk of a running VM. See {@link QuickVolumeRestore}. */
    public QuickVolumeRestore quickVolumes() {
        return new QuickVolumeRestore(this);
    }

    public DiskAttach attachments() {
        return new DiskAttach(this);
    }

    public ChainMaintenance chains() {
        return new LocalChainMaintenance(this);
    }

    public Validations validations() {
        return (request, progress, cancel) -> new ThrowawayValidation(this, cancel).validate(request, progress);
    }

    public ContentHashes hashes() {
        return new ContentHashes();
    }

    public Compressions compressions() {
        return (request, store, progress, cancel) -> new QemuImgCompression(qemuImg(cancel), clock, cancel)
                .compress(request, store, progress);
    }

    Hypervisor hypervisor() {
        return Hypervisor.open(libvirtUri);
    }

    Clock clock() {
        return clock;
    }

    ProcessRunner runner() {
        return runner;
    }

    Duration programTimeout() {
        return programTimeout;
    }

    /** qemu-img for work that cannot be cancelled (short reads of headers, repairs). */
    public QemuImg qemuImg() {
        return qemuImg;
    }

    /** qemu-img for one operation: every program it runs is killed when {@code cancel} is. */
    QemuImg qemuImg(CancelToken cancel) {
        return qemuImg.cancelledBy(cancel);
    }

    Duration agentTimeout() {
        return agentTimeout;
    }
}
