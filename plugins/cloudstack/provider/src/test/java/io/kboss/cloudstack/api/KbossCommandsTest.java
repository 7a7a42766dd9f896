package io.kboss.cloudstack.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.when;

import com.cloud.dc.DataCenter;
import com.cloud.user.Account;
import com.cloud.utils.db.EntityManager;
import io.kboss.client.ListPage;
import io.kboss.client.model.ServiceJob;
import io.kboss.client.model.ValidationScreenshot;
import io.kboss.cloudstack.KbossOperations;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.cloudstack.acl.RoleType;
import org.apache.cloudstack.api.APICommand;
import org.apache.cloudstack.api.BaseAsyncCmd;
import org.apache.cloudstack.api.response.ExtractResponse;
import org.apache.cloudstack.api.response.ListResponse;
import org.apache.cloudstack.api.response.SuccessResponse;
import org.apache.cloudstack.backup.BackupVO;
import org.apache.cloudstack.context.CallContext;
import org.junit.Test;
import org.mockito.MockedStatic;

/**
 * KBOSS's commands inside CloudStack: their names and role rules as CloudStack reads them from the
 * annotation, and each one's answer built from what KbossOperations gives.
 */
public class KbossCommandsTest {
    private static final Set<RoleType> EVERYONE = Set.of(RoleType.Admin, RoleType.ResourceAdmin,
            RoleType.DomainAdmin, RoleType.User);

    private final KbossOperations operations = mock(KbossOperations.class);
    private final Account caller = mock(Account.class);

    @Test
    public void thePluggableServiceAddsTheCommandsCloudStackLacksWithCloudStacksRoleRules() {
        Map<String, Set<RoleType>> roles = new KbossOperations().getCommands().stream().map(c -> c.getAnnotation(
                APICommand.class)).collect(Collectors.toMap(APICommand::name, a -> Set.of(a.authorized())));

        assertEquals(Map.of("finishBackupChain", EVERYONE, "createKbossBackup", EVERYONE, "restoreKbossBackup",
                EVERYONE, "downloadValidationScreenshot", EVERYONE, "listBackupServiceJobs",
                Set.of(RoleType.Admin)), roles);
        assertTrue("long work runs as CloudStack async jobs", Arrays.asList(CreateKbossBackupCmd.class,
                RestoreKbossBackupCmd.class, DownloadValidationScreenshotCmd.class).stream()
                .allMatch(BaseAsyncCmd.class::isAssignableFrom));
    }

    @Test
    public void finishBackupChainAnswersWithKbossesSentence() throws Exception {
        FinishBackupChainCmd cmd = new FinishBackupChainCmd();
        set(cmd, "operations", operations);
        set(cmd, "vmId", 7L);
        when(operations.finishBackupChain(caller, 7L)).thenReturn("removed checkpoints c1");

        MockedStatic<CallContext> context = calledBy(caller);
        try {
            cmd.execute();
        } finally {
            context.close();
        }

        SuccessResponse answer = (SuccessResponse) cmd.getResponseObject();
        assertEquals("removed checkpoints c1", answer.getDisplayText());
        assertEquals("finishbackupchainresponse", answer.getResponseName());
    }

    @Test
    public void restoreKbossBackupPassesTheQuickRestoreOptionAndTheHost() throws Exception {
        RestoreKbossBackupCmd cmd = new RestoreKbossBackupCmd();
        set(cmd, "operations", operations);
        set(cmd, "backupId", 31L);
        set(cmd, "quickRestore", true);
        set(cmd, "hostId", 41L);
        when(operations.restoreBackup(caller, 31L, true, 41L)).thenReturn("VM restored with quick restore");

        MockedStatic<CallContext> context = calledBy(caller);
        try {
            cmd.execute();
        } finally {
            context.close();
        }

        assertEquals("VM restored with quick restore", ((SuccessResponse) cmd.getResponseObject()).getDisplayText());
    }

    @Test
    public void listBackupServiceJobsAnswersWithCloudStacksIdsForBackupHostAndZone() throws Exception {
        ListBackupServiceJobsCmd cmd = new ListBackupServiceJobsCmd();
        EntityManager entities = mock(EntityManager.class);
        DataCenter zone = mock(DataCenter.class);
        when(zone.getUuid()).thenReturn("cs-zone-uuid");
        when(entities.findById(DataCenter.class, 3L)).thenReturn(zone);
        cmd._entityMgr = entities;
        set(cmd, "operations", operations);
        set(cmd, "zoneId", 3L);
        Instant started = Instant.parse("2025-11-02T10:00:00Z");
        Instant retryAt = Instant.parse("2025-11-02T11:00:00Z");
        when(operations.listServiceJobs(3L, null, null, null, null, null)).thenReturn(new ListPage<>(2, List.of(
                new ServiceJob("job-1", "kb-b-1", "kb-h-1", "kb-zone", "Compression", "Running", true, false, 1,
                        null, started, null, null, 40, 400L, 1000L, "compressing b-1.qcow2"),
                new ServiceJob("job-2", "kb-b-2", null, "kb-zone", "Compression", ServiceJob.WAITING_FOR_RETRY,
                        false, true, 1, retryAt, started, null, "NOT_ENOUGH_SPACE: the store has 5 bytes free",
                        null, null, null, null))));
        when(operations.cloudStackBackupUuid(3L, "kb-b-1")).thenReturn(Optional.of("cs-backup-uuid"));
        when(operations.cloudStackBackupUuid(3L, "kb-b-2")).thenReturn(Optional.of("cs-backup-uuid-2"));
        when(operations.cloudStackHostUuid(3L, "kb-h-1")).thenReturn(Optional.of("cs-host-uuid"));
        when(operations.cloudStackHostUuid(3L, null)).thenReturn(Optional.empty());

        cmd.execute();

        @SuppressWarnings("unchecked")
        ListResponse<BackupServiceJobResponse> answer = (ListResponse<BackupServiceJobResponse>) cmd
                .getResponseObject();
        assertEquals(Integer.valueOf(2), answer.getCount());
        BackupServiceJobResponse job = answer.getResponses().get(0);
        assertEquals("job-1", job.getId());
        assertEquals("cs-backup-uuid", job.getBackupId());
        assertEquals("cs-host-uuid", job.getHostId());
        assertEquals("cs-zone-uuid", job.getZoneId());
        assertEquals("Compression", job.getType());
        assertEquals("backupservicejob", job.getObjectName());
        // A running job: how far its attempt got, as kboss-server said it.
        assertEquals("Running", job.getState());
        assertEquals(Boolean.TRUE, job.getExecuting());
        assertEquals(Boolean.FALSE, job.getScheduled());
        assertEquals(Integer.valueOf(40), job.getProgress());
        assertEquals(Long.valueOf(400), job.getProgressDone());
        assertEquals(Long.valueOf(1000), job.getProgressTotal());
        assertEquals("compressing b-1.qcow2", job.getPhase());
        // A job waiting for its retry: the state says so and scheduleddate says when; no progress.
        BackupServiceJobResponse waiting = answer.getResponses().get(1);
        assertEquals("cs-backup-uuid-2", waiting.getBackupId());
        assertEquals(null, waiting.getHostId());
        assertEquals(ServiceJob.WAITING_FOR_RETRY, waiting.getState());
        assertEquals(Boolean.TRUE, waiting.getScheduled());
        assertEquals(java.util.Date.from(retryAt), waiting.getScheduledDate());
        assertEquals(null, waiting.getProgress());
        assertEquals(null, waiting.getPhase());
    }

    @Test
    public void aServiceJobFromAServerWithoutProgressFieldsIsAnsweredWithoutThem() throws Exception {
        ListBackupServiceJobsCmd cmd = new ListBackupServiceJobsCmd();
        EntityManager entities = mock(EntityManager.class);
        when(entities.findById(DataCenter.class, 3L)).thenReturn(mock(DataCenter.class));
        cmd._entityMgr = entities;
        set(cmd, "operations", operations);
        set(cmd, "zoneId", 3L);
        when(operations.listServiceJobs(3L, null, null, null, null, null)).thenReturn(new ListPage<>(1, List.of(
                new ServiceJob("job-1", "kb-b-1", "kb-h-1", "kb-zone", "Compression", "Running", 1, null, null,
                        null, null))));
        when(operations.cloudStackBackupUuid(3L, "kb-b-1")).thenReturn(Optional.of("cs-backup-uuid"));
        when(operations.cloudStackHostUuid(3L, "kb-h-1")).thenReturn(Optional.of("cs-host-uuid"));

        cmd.execute();

        @SuppressWarnings("unchecked")
        BackupServiceJobResponse job = ((ListResponse<BackupServiceJobResponse>) cmd.getResponseObject())
                .getResponses().get(0);
        assertEquals("Running", job.getState());
        assertEquals(null, job.getExecuting());
        assertEquals(null, job.getProgress());
        assertEquals(null, job.getProgressTotal());
    }

    @Test
    public void downloadValidationScreenshotAnswersWhereTheScreenshotIs() throws Exception {
        DownloadValidationScreenshotCmd cmd = new DownloadValidationScreenshotCmd();
        EntityManager entities = mock(EntityManager.class);
        BackupVO backup = mock(BackupVO.class);
        when(backup.getUuid()).thenReturn("cs-backup-uuid");
        when(entities.findById(org.apache.cloudstack.backup.Backup.class, 31L)).thenReturn(backup);
        cmd._entityMgr = entities;
        set(cmd, "operations", operations);
        set(cmd, "backupId", 31L);
        when(operations.validationScreenshot(caller, 31L)).thenReturn(new ValidationScreenshot("s", "https://k/s.png",
                "Ready"));

        MockedStatic<CallContext> context = calledBy(caller);
        try {
            cmd.execute();
        } finally {
            context.close();
        }

        ExtractResponse answer = (ExtractResponse) cmd.getResponseObject();
        assertEquals("https://k/s.png", answer.getUrl());
        assertEquals("cs-backup-uuid", answer.getId());
        assertSame(DownloadValidationScreenshotCmd.EVENT, cmd.getEventType());
    }

    private static MockedStatic<CallContext> calledBy(Account account) {
        MockedStatic<CallContext> context = mockStatic(CallContext.class);
        CallContext current = mock(CallContext.class);
        when(current.getCallingAccount()).thenReturn(account);
        context.when(CallContext::current).thenReturn(current);
        return context;
    }

    /** Sets a command's field as CloudStack's dispatcher does (its parameters and @Inject fields are private). */
    private static void set(Object cmd, String name, Object value) throws ReflectiveOperationException {
        for (Class<?> c = cmd.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                f.set(cmd, value);
                return;
            } catch (NoSuchFieldException notHere) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }

}
