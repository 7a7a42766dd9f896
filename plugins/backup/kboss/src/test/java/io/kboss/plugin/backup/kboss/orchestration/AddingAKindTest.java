package io.kboss.plugin.backup.kboss.orchestration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.operation.Ending;
import io.kboss.server.operation.Exclusivity;
import io.kboss.server.operation.KindPolicy;
import io.kboss.server.operation.LimitGroup;
import io.kboss.server.operation.NewOperation;
import io.kboss.server.operation.Operation;
import io.kboss.server.operation.OperationContext;
import io.kboss.server.operation.OperationHandler;
import io.kboss.server.operation.OperationKind;
import io.kboss.server.operation.OperationQueue;
import io.kboss.server.settings.domain.SettingDefinition;
import io.kboss.server.settings.domain.SettingScope;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.BeforeClass;
import org.junit.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Adding a kind of work, as compression and validation will: a handler bean with its kind (limits,
 * timeout, on/off switch, retries from settings) is all it takes. The kind below holds one backup (not
 * its VM), is switched by a setting, fails its first attempts retriably and is run again after its retry
 * interval, and gives up after its attempts.
 */
public class AddingAKindTest extends OneServerLab {
    static final SettingDefinition<Integer> PER_HOST = SettingDefinition.integer("test.max.concurrent.per.host", 1)
            .category("Test").scope(SettingScope.CLUSTER).description("test kind's host limit").build();
    static final SettingDefinition<Integer> TIMEOUT = SettingDefinition.integer("test.timeout", 600)
            .category("Test").scope(SettingScope.ZONE).description("test kind's timeout").build();
    static final SettingDefinition<Boolean> ENABLED = SettingDefinition.bool("test.task.enabled", true)
            .category("Test").scope(SettingScope.GLOBAL).description("test kind's switch").build();
    static final SettingDefinition<Integer> ATTEMPTS = SettingDefinition.integer("test.max.job.retries", 3)
            .category("Test").scope(SettingScope.ZONE).description("test kind's attempts").build();
    static final SettingDefinition<Integer> INTERVAL = SettingDefinition.integer("test.retry.interval", 60)
            .category("Test").scope(SettingScope.ZONE).description("test kind's retry interval, minutes").build();

    /** The whole of a new kind: what it is called, what it holds, its limits and its policy. */
    static final OperationKind FLAKY = new OperationKind("FLAKY_TEST", "flaky test", Exclusivity.BACKUP,
            new LimitGroup("test", null, null, PER_HOST),
            KindPolicy.timeout(TIMEOUT).switchedBy(ENABLED).retried(ATTEMPTS, INTERVAL));

    /** Its handler: fails while {@link #failures} is above zero, then succeeds. */
    static final AtomicInteger failures = new AtomicInteger();

    @Configuration
    public static class FlakyKind {
        @Bean
        public OperationHandler flakyHandler() {
            return new OperationHandler() {
                @Override
                public OperationKind kind() {
                    return FLAKY;
                }

                @Override
                public Ending run(Operation op, OperationContext ctx) {
                    if (failures.getAndDecrement() > 0) {
                        return Ending.retryOrElse("the store was busy", () -> {
                            throw ApiException.internal("gave up after " + op.attempts() + " attempts", null);
                        });
                    }
                    return Ending.with(() -> new SuccessResponse(true, "done at attempt " + op.attempts()));
                }

                @Override
                public Ending expire(Operation op, String why) {
                    return Ending.with(() -> {
                        throw ApiException.internal(why, null);
                    });
                }

                @Override
                public Ending crashed(Operation op, RuntimeException failure) {
                    return expire(op, failure.toString());
                }
            };
        }
    }

    private static long backupId;
    private static long host;

    @BeforeClass
    public static void startCloud() throws Exception {
        startLab("orchestration_new_kind", "kind", 4, "kind", FlakyKind.class);
        host = cloud.host("kind-h1");
        OrchestrationCloud.Vm vm = cloud.vm("kind-vm", host);
        server.ok(cloud.admin(), "createBackup", "virtualmachineid", vm.uuid());
        server.drain();
        backupId = cloud.count("SELECT id FROM backup WHERE vm_id = ?", vm.id());
    }

    private static Operation enqueue() throws ApiException {
        OperationQueue queue = server.bean(OperationQueue.class);
        try {
            return server.bean(TransactionTemplate.class).execute(s -> {
                try {
                    return queue
                            .enqueue(NewOperation.of(FLAKY, "TEST").on(null, host, cloud.zoneId()).backup(backupId));
                } catch (ApiException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (IllegalStateException e) {
            throw (ApiException) e.getCause();
        }
    }

    private static String state(Operation op) {
        return cloud.single("SELECT state FROM operation WHERE uuid = ?", op.uuid());
    }

    @Test
    public void aFailedAttemptRunsAgainAfterTheRetryIntervalAndTheKindHoldsItsBackupMeanwhile() throws Exception {
        failures.set(1);
        Operation op = enqueue();
        try {
            enqueue();
            throw new AssertionError("a second operation of the kind on the same backup was queued");
        } catch (ApiException e) {
            assertEquals(431, e.errorCode().httpStatus());
            assertTrue(e.getMessage(),
                    e.getMessage().contains("the backup is busy, a flaky test of it is in progress"));
        }
        assertEquals(1, server.pass());
        assertEquals("queued again after its failed attempt", "QUEUED", state(op));
        assertEquals("the store was busy", cloud.single("SELECT error FROM operation WHERE uuid = ?", op.uuid()));
        assertEquals("not before its retry interval", 0, server.pass());
        cloud.clock.advance(Duration.ofMinutes(61));
        assertEquals(1, server.pass());
        assertEquals("SUCCEEDED", state(op));
        assertEquals(2L, cloud.count("SELECT attempts FROM operation WHERE uuid = ?", op.uuid()));
        assertTrue(cloud.single("SELECT result FROM operation WHERE uuid = ?", op.uuid()).contains("attempt 2"));
    }

    @Test
    public void anOperationThatFailsEveryAttemptGivesUpAfterItsAttempts() throws Exception {
        cloud.setting("test.max.job.retries", "2");
        failures.set(10);
        try {
            Operation op = enqueue();
            server.pass();
            cloud.clock.advance(Duration.ofMinutes(61));
            server.pass();
            assertEquals("FAILED", state(op));
            assertTrue(cloud.single("SELECT error FROM operation WHERE uuid = ?", op.uuid()),
                    cloud.single("SELECT error FROM operation WHERE uuid = ?", op.uuid()).contains(
                            "gave up after 2 attempts"));
        } finally {
            cloud.setting("test.max.job.retries", "3");
            failures.set(0);
        }
    }

    @Test
    public void aKindSwitchedOffStaysQueuedUntilItsSwitchIsOnAgain() throws Exception {
        failures.set(0);
        cloud.setting("test.task.enabled", "false");
        Operation op;
        try {
            op = enqueue();
            assertEquals(0, server.pass());
            assertEquals("QUEUED", state(op));
        } finally {
            cloud.setting("test.task.enabled", "true");
        }
        assertEquals(1, server.pass());
        assertEquals("SUCCEEDED", state(op));
    }
}
