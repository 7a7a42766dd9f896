package io.kboss.plugin.backup.kboss.offering;

import io.kboss.plugin.backup.kboss.domain.offering.AssignedVms;
import io.kboss.plugin.backup.kboss.domain.offering.BackupOffering;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingInUse;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingNotFound;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingParameters;
import io.kboss.plugin.backup.kboss.domain.offering.OfferingRules;
import io.kboss.plugin.backup.kboss.offering.jdbc.JdbcBackupOfferingRepository;
import io.kboss.plugin.backup.kboss.offering.jdbc.LiveOfferings;
import io.kboss.plugin.backup.kboss.offering.jdbc.OfferingPage;
import io.kboss.plugin.backup.kboss.offering.jdbc.OfferingQuery;
import io.kboss.plugin.backup.kboss.offering.jdbc.OfferingView;
import java.time.Clock;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Creates, changes, deletes and lists backup offerings. Each write runs in one transaction that
 * also holds the rule checks' reads, so a refused call leaves nothing behind; the offering row is
 * locked (SELECT ... FOR UPDATE) for an update or delete, so two changes of one offering, or a
 * delete and an assignment that locks it too, cannot interleave. Lists are served from memory
 * ({@link LiveOfferings}), exact because every write moves the offerings' version.
 */
public class BackupOfferingService {
    private final JdbcBackupOfferingRepository offerings;
    private final OfferingRules rules;
    private final AssignedVms assignedVms;
    private final TransactionOperations tx;
    private final Clock clock;
    private final Supplier<String> uuids;
    private final LiveOfferings live;

    public BackupOfferingService(JdbcBackupOfferingRepository offerings, OfferingRules rules, AssignedVms assignedVms,
            TransactionOperations tx, Clock clock, Supplier<String> uuids) {
        this.offerings = offerings;
        this.rules = rules;
        this.assignedVms = assignedVms;
        this.tx = tx;
        this.clock = clock;
        this.uuids = uuids;
        this.live = new LiveOfferings(offerings);
    }

    /** @throws io.kboss.plugin.backup.kboss.domain.offering.OfferingRuleViolation when a rule refuses it */
    public OfferingView create(OfferingParameters p) {
        return tx.execute(status -> {
            BackupOffering offering = offerings.insert(rules.create(p, uuids.get(), clock.instant()));
            return offerings.findLive(offering.uuid()).orElseThrow();
        });
    }

    /**
     * @throws OfferingNotFound when the id names no live offering
     * @throws io.kboss.plugin.backup.kboss.domain.offering.OfferingRuleViolation when a rule refuses the result
     */
    public OfferingView update(String offeringUuid, OfferingParameters p) {
        return tx.execute(status -> {
            OfferingView current = offerings.findLiveForUpdate(offeringUuid)
                    .orElseThrow(() -> new OfferingNotFound(offeringUuid));
            offerings.update(rules.update(current.offering(), p));
            return offerings.findLive(offeringUuid).orElseThrow();
        });
    }

    /**
     * Marks the offering removed unless VMs are assigned to it.
     *
     * @throws OfferingNotFound when the id names no live offering
     * @throws OfferingInUse when VMs are assigned to it
     */
    public void delete(String offeringUuid) {
        tx.executeWithoutResult(status -> {
            OfferingView current = offerings.findLiveForUpdate(offeringUuid)
                    .orElseThrow(() -> new OfferingNotFound(offeringUuid));
            long assigned = assignedVms.countAssignedTo(current.offering().id());
            if (assigned > 0) {
                throw new OfferingInUse(current.offering().name(), assigned);
            }
            offerings.markRemoved(current.offering().id(), clock.instant());
        });
    }

    public OfferingPage list(OfferingQuery query) {
        return live.list(query);
    }
}
