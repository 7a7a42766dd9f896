package io.kboss.agent.handler;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.DeleteBackupCommand;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.GetStoreCapacityCommand;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.contract.ReleaseStoreCommand;
import io.kboss.agent.contract.StoreCapacityAnswer;
import io.kboss.agent.process.Programs;
import io.kboss.agent.store.BackupDeletion;
import io.kboss.agent.store.SecondaryStores;
import io.kboss.agent.store.StoreCapacity;
import io.kboss.agent.store.StoreUnreachableException;
import java.time.Duration;
import java.util.List;

/** Store capacity, release, and deleting backup files. */
public final class StoreHandlers {
    private final SecondaryStores stores;
    private final JobHandlers jobs;
    private final Programs programs;
    private final Duration programTimeout;

    public StoreHandlers(SecondaryStores stores, JobHandlers jobs, Programs programs, Duration programTimeout) {
        this.stores = stores;
        this.jobs = jobs;
        this.programs = programs;
        this.programTimeout = programTimeout;
    }

    public List<CommandHandler<?, ?>> handlers() {
        return List.of(
                Handlers.of(GetStoreCapacityCommand.NAME, GetStoreCapacityCommand.class, c -> {
                    StoreCapacityAnswer a = new StoreCapacityAnswer();
                    try {
                        StoreCapacity cap = stores.capacity(c.store);
                        a.capacityBytes = cap.total();
                        a.freeBytes = cap.free();
                        a.usedBytes = cap.used();
                        return a;
                    } catch (StoreUnreachableException e) {
                        return AgentAnswer.failure(a, ErrorCode.STORE_UNREACHABLE, e.getMessage());
                    }
                }),
                Handlers.of(ReleaseStoreCommand.NAME, ReleaseStoreCommand.class, c -> {
                    stores.release(c.store);
                    return new AgentAnswer();
                }),
                Handlers.of(DeleteBackupCommand.NAME, DeleteBackupCommand.class, c -> {
                    if (c.store == null || c.paths == null) {
                        throw new IllegalArgumentException("delete-backup needs a store and the backup's paths");
                    }
                    return jobs.start(c, JobType.DELETE_BACKUP, null, c.backupUuid,
                            new BackupDeletion(c, stores, programs, programTimeout));
                }));
    }
}
