package io.kboss.plugin.backup.kboss.servicejob;

import io.kboss.plugin.backup.kboss.FixedSpecCommand;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.backup.Transactions;
import io.kboss.server.operation.Operation;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * compressBackup and validateBackup: a root admin queues a backup's compression or validation again. Neither
 * is queued again by itself after an operator cancelled it or after its last attempt failed, and the spec
 * names no command for it, so each kind has this one: it takes the backup's id, changes the backup's status
 * back (CompressionError to Uncompressed, UnableToValidate to NotValidated) and queues a new job in one
 * transaction under the backup's row lock, and answers the job as listBackupServiceJobs lists it. What the
 * backup's state does not allow is refused with 431 naming the backup and why, and changes nothing (see
 * {@code CompressionRequests#queueAgain} and {@code ValidationScheduler#queueAgain}).
 */
public final class QueueServiceJobCommand extends FixedSpecCommand implements SyncCommand {
    private static final Logger LOG = LoggerFactory.getLogger(QueueServiceJobCommand.class);

    /** What queues the job of the command's kind for a backup whose row the transaction holds. */
    @FunctionalInterface
    public interface Requeue {
        Operation queueAgain(BackupRecord locked) throws ApiException;
    }

    private final String noun;
    private final Requeue requeue;
    private final BackupRepository backups;
    private final ListBackupServiceJobsCommand listing;
    private final TransactionOperations tx;

    private QueueServiceJobCommand(CommandSpec spec, String noun, Requeue requeue, BackupRepository backups,
            ListBackupServiceJobsCommand listing, TransactionOperations tx) {
        super(spec);
        this.noun = noun;
        this.requeue = requeue;
        this.backups = backups;
        this.listing = listing;
        this.tx = tx;
    }

    public static QueueServiceJobCommand compression(Requeue requeue, BackupRepository backups,
            ListBackupServiceJobsCommand listing, TransactionOperations tx) {
        return new QueueServiceJobCommand(spec("compressBackup", "Queues a compression job for a backup again, after "
                + "its compression was cancelled or ended CompressionError. Its offering must compress; the "
                + "offering's library is used. Answers the queued job."), "compression", requeue, backups, listing,
                tx);
    }

    public static QueueServiceJobCommand validation(Requeue requeue, BackupRepository backups,
            ListBackupServiceJobsCommand listing, TransactionOperations tx) {
        return new QueueServiceJobCommand(spec("validateBackup", "Queues a validation job for a backup again, after "
                + "its validation was cancelled or ended UnableToValidate. Its offering must validate. Answers the "
                + "queued job."), "validation", requeue, backups, listing, tx);
    }

    private static CommandSpec spec(String name, String description) {
        return ServiceJobResponse.describeFields(CommandSpec.named(name).description(description)
                .roles(Role.ROOT_ONLY)
                .param(ParamSpec.uuid("id").required().description("ID of the backup")))
                .build();
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        UUID id = call.params().uuid("id");
        Operation queued = Transactions.run(tx, () -> {
            BackupRecord b = backups.byUuid(id.toString()).orElseThrow(() -> ApiException.invalidParameter(
                    "id " + id + " does not name a backup"));
            return requeue.queueAgain(backups.byIdForUpdate(b.id()));
        });
        LOG.info("Backup {}: {} job {} queued again by {}", id, noun, queued.uuid(), call.caller().accountName());
        return new ObjectResponse(ServiceJobResponse.OBJECT_NAME, listing.one(queued.uuid()));
    }
}
