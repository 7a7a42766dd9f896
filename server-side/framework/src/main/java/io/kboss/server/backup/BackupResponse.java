package io.kboss.server.backup;

import io.kboss.server.api.CommandSpec;
import java.time.Instant;

/**
 * CloudStack's BackupResponse (id, virtualmachineid, virtualmachinename, type, size, virtualsize,
 * status, created, zoneid, backupofferingid, backupofferingname, accountid, account, domainid) plus
 * the chain (parentid, chainid, chainposition: 0 is the chain's full backup), isolated, the
 * quiesce outcome and frozen window, the progress of a running backup, why it is full, and the
 * error of a failed one, and {@code restorestatus}: a restore of the backup waiting in admission
 * (Queued, while the backup itself is still BackedUp) or running (Running, the backup Restoring), its
 * compression (compressionstatus, compressionlibrary, uncompressedsize, compressionprogress,
 * compressionerror), and what its validation found (validationstatus, validated, validationchecked, validationreason,
 * validationscreenshot).
 * Null fields are left out.
 */
public final class BackupResponse {
    public static final String OBJECT_NAME = "backup";

    private final String id;
    private final String virtualMachineId;
    private final String virtualMachineName;
    private final String type;
    private final String parentId;
    private final String chainId;
    private final Integer chainPosition;
    private final boolean isolated;
    private final Long size;
    private final Long virtualSize;
    private final String status;
    private final boolean quiesced;
    private final Long frozenMillis;
    private final Long bytesDone;
    private final Long bytesTotal;
    private final Integer progress;
    private final Instant created;
    private final Instant date;
    private final String zoneId;
    private final String backupOfferingId;
    private final String backupOfferingName;
    private final String accountId;
    private final String account;
    private final String domainId;
    private final String fullReason;
    private final String error;
    private final String restoreStatus;
    private final String compressionStatus;
    private final String compressionLibrary;
    private final Long uncompressedSize;
    private final Integer compressionProgress;
    private final String compressionError;
    private final String validationStatus;
    private final Instant validated;
    private final Instant validationChecked;
    private final String validationReason;
    private final Boolean validationScreenshot;
    private final String serviceJobId;
    private final String serviceJobType;
    private final String name;
    private final String description;
    private final String zone;
    private final String domain;
    private final String volumes;
    private final String intervalType;
    private final Boolean vmBackupOfferingRemoved;
    private final Boolean isBackupVmExpunged;
    private final String hostId;
    private final Instant requested;
    private final java.util.Map<String, String> vmDetails;

    public BackupResponse(BackupView v) {
        this.id = v.uuid();
        this.virtualMachineId = v.vmUuid();
        this.virtualMachineName = v.vmName();
        this.type = v.type();
        this.parentId = v.parentUuid();
        this.chainId = v.chainUuid();
        this.chainPosition = v.chainPosition();
        this.isolated = v.isolated();
        this.size = v.size();
        this.virtualSize = v.virtualSize();
        this.status = v.status();
        this.quiesced = v.quiesced();
        this.frozenMillis = v.frozenMillis();
        boolean running = "BackingUp".equals(v.status());
        this.bytesDone = running ? v.bytesDone() : null;
        this.bytesTotal = running ? v.bytesTotal() : null;
        this.progress = running && v.bytesTotal() != null && v.bytesTotal() > 0
                ? (int) Math.min(100, v.bytesDone() * 100 / v.bytesTotal())
                : null;
        // CloudStack's created is when the backup was taken; until it is, when it was asked for.
        this.created = v.date() != null ? v.date() : v.created();
        this.requested = v.created();
        this.date = v.date();
        this.zoneId = v.zoneUuid();
        this.backupOfferingId = v.offeringUuid();
        this.backupOfferingName = v.offeringName();
        this.accountId = v.accountUuid();
        this.account = v.accountName();
        this.domainId = v.domainUuid();
        this.fullReason = v.fullReason();
        this.error = v.error();
        this.restoreStatus = v.restoreState();
        BackupView.Compression c = v.compression() == null ? BackupView.Compression.NONE : v.compression();
        this.compressionStatus = c.status();
        this.compressionLibrary = c.library();
        this.uncompressedSize = c.sizeBefore();
        this.compressionProgress = c.bytesTotal() != null && c.bytesTotal() > 0 && c.bytesDone() != null
                ? (int) Math.min(100, c.bytesDone() * 100 / c.bytesTotal())
                : null;
        this.compressionError = c.error();
        BackupView.Validation val = v.validation();
        this.validationStatus = val == null ? null : val.status();
        this.validated = val == null ? null : val.validated();
        this.validationChecked = val == null ? null : val.checked();
        this.validationReason = val == null ? null : val.reason();
        this.validationScreenshot = val == null ? null : val.screenshot();
        this.serviceJobId = v.serviceJob() == null ? null : v.serviceJob().uuid();
        this.serviceJobType = v.serviceJob() == null ? null : v.serviceJob().type();
        BackupView.CloudStackFields cs = v.more();
        this.name = cs == null ? null : cs.name();
        this.description = cs == null ? null : cs.description();
        this.zone = cs == null ? null : cs.zoneName();
        this.domain = cs == null ? null : cs.domainName();
        this.volumes = cs == null ? null : cs.volumes();
        this.intervalType = cs == null ? null : cs.intervalType();
        this.vmBackupOfferingRemoved = cs == null ? null : cs.offeringRemoved();
        this.isBackupVmExpunged = cs == null ? null : cs.vmExpunged();
        this.hostId = cs == null ? null : cs.hostUuid();
        this.vmDetails = cs == null ? null : cs.vmDetails();
    }

    public static CommandSpec.Builder describeFields(CommandSpec.Builder b) {
        return b.responseObject(OBJECT_NAME)
                .responseField("id", "string", "ID of the backup")
                .responseField("virtualmachineid", "string", "ID of the VM backed up")
                .responseField("virtualmachinename", "string", "name of the VM backed up")
                .responseField("type", "string", "Full or Incremental")
                .responseField("parentid", "string", "the backup an incremental was taken on top of")
                .responseField("chainid", "string", "the chain the backup belongs to; absent for an isolated backup")
                .responseField("chainposition", "integer", "place in the chain, 0 for the chain's full backup")
                .responseField("isolated", "boolean", "full, outside any chain, never a parent")
                .responseField("size", "long", "bytes the backup occupies on secondary storage")
                .responseField("virtualsize", "long", "bytes of the disks backed up")
                .responseField("status", "string", "Allocated, Queued, BackingUp, BackedUp, Error, Failed, Restoring, "
                        + "Removed or Expunged")
                .responseField("quiesced", "boolean", "whether the guest's file systems were frozen for the backup")
                .responseField("frozenmillis", "long", "how long the guest's file systems were frozen, when quiesced")
                .responseField("bytesdone", "long", "bytes copied so far, while BackingUp")
                .responseField("bytestotal", "long", "bytes to copy, while BackingUp")
                .responseField("progress", "integer", "percent done, while BackingUp")
                .responseField("name", "string", "name of the backup: createBackup's name, else the VM's name and "
                        + "the time it was asked for (yyyyMMddHHmmss, UTC)")
                .responseField("description", "string", "description given to createBackup")
                .responseField("created", "date", "when the backup was taken (CloudStack's backup date); while it "
                        + "is not taken yet, when it was asked for")
                .responseField("requested", "date", "when the backup was asked for")
                .responseField("date", "date", "when the backup was taken")
                .responseField("volumes", "string", "the backed-up volumes as CloudStack gives them: a JSON array of "
                        + "objects with uuid, type (ROOT or DATADISK), size (bytes), path and deviceId")
                .responseField("zoneid", "string", "ID of the VM's zone")
                .responseField("zone", "string", "name of the VM's zone")
                .responseField("backupofferingid", "string", "ID of the backup offering")
                .responseField("backupofferingname", "string", "name of the backup offering")
                .responseField("accountid", "string", "ID of the VM's account")
                .responseField("account", "string", "name of the VM's account")
                .responseField("domainid", "string", "ID of the VM's domain")
                .responseField("domain", "string", "name of the VM's domain")
                .responseField("intervaltype", "string", "HOURLY, DAILY, WEEKLY or MONTHLY: the interval of the "
                        + "schedule that took the backup; absent for a backup asked for with createBackup")
                .responseField("vmbackupofferingremoved", "boolean", "the VM is no longer assigned to the backup's "
                        + "offering")
                .responseField("isbackupvmexpunged", "boolean", "the VM backed up is removed")
                .responseField("hostid", "string", "ID of the host whose agent took (is taking) the backup")
                .responseField("vmdetails", "map", "the VM's details (settings), with listvmdetails=true")
                .responseField("fullreason", "string", "why the backup is full")
                .responseField("error", "string", "why the backup Failed or is in Error")
                .responseField("restorestatus", "string", "Queued while a restore of the backup waits for a "
                        + "slot under backup.max.concurrent.operations / .per.host (the backup is still BackedUp), "
                        + "Running once it runs (the backup is Restoring); absent when no restore is in progress")
                .responseField("compressionstatus", "string", "Uncompressed, Compressing, FinalizingCompression, "
                        + "Compressed or CompressionError (every attempt failed; see compressionerror)")
                .responseField("compressionlibrary", "string", "zstd or zlib, once a compression was queued")
                .responseField("uncompressedsize", "long", "bytes the backup occupied before it was compressed; "
                        + "size is what it occupies now")
                .responseField("compressionprogress", "integer", "percent done of the running compression")
                .responseField("compressionerror", "string", "why the last compression attempt failed")
                .responseField("validationstatus", "string", "NotValidated, Validating, Valid, NotValid or "
                        + "UnableToValidate")
                .responseField("validated", "date", "when the backup was last booted and checked by a validation")
                .responseField("validationchecked", "date", "when the hash of the backup's files was last compared "
                        + "with the one taken after its first Valid")
                .responseField("validationreason", "string", "why the backup is NotValid or UnableToValidate: the "
                        + "step that did not pass and what it found, or the hash that changed")
                .responseField("validationscreenshot", "boolean", "whether downloadValidationScreenshot has a "
                        + "screenshot of the backup's validation VM")
                .responseField("servicejobid", "string", "ID of the compression or validation queued or running on "
                        + "the backup (listBackupServiceJobs' id; cancelBackupOperation cancels it by this id); absent "
                        + "when none is")
                .responseField("servicejobtype", "string", "Compression or Validation: what servicejobid is");
    }
}
