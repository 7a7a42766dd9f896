package io.kboss.plugin.backup.kboss.offering.api;

import io.kboss.plugin.backup.kboss.FixedSpecCommand;
import io.kboss.plugin.backup.kboss.offering.BackupOfferingService;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.SyncCommand;
import java.util.function.Supplier;

/**
 * What createBackupOffering, updateBackupOffering and deleteBackupOffering share: a fixed spec, the offering
 * service, and one way to change an offering. The change and its event are one transaction, and the
 * service's rule violations answer as 431 naming what is wrong, so a refused change leaves no event behind.
 */
abstract class OfferingChangeCommand extends FixedSpecCommand implements SyncCommand {
    protected final BackupOfferingService offerings;
    private final OfferingEvents events;

    protected OfferingChangeCommand(CommandSpec spec, BackupOfferingService offerings, OfferingEvents events) {
        super(spec);
        this.offerings = offerings;
        this.events = events;
    }

    /**
     * Runs {@code change} and records the event of {@code type} that {@code describe} words for its result.
     */
    protected <T> T change(Caller caller, String type, Supplier<T> change, OfferingEvents.Describe<T> describe)
            throws ApiException {
        return events.record(caller, type, () -> OfferingErrors.refusalsAsApiErrors(change), describe);
    }
}
