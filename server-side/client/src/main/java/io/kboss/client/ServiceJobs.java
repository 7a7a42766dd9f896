package io.kboss.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kboss.client.model.ServiceJob;
import io.kboss.client.model.ValidationScreenshot;
import io.kboss.client.request.ServiceJobQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The compression and validation service jobs (issues 9 and 10): listBackupServiceJobs and
 * downloadValidationScreenshot. Typed from the issues' descriptions before the server has them; a
 * server without them refuses the commands with 431 (unknown command), which
 * {@link KbossClient#supports} tells in advance.
 */
public final class ServiceJobs {
    private final KbossClient client;

    ServiceJobs(KbossClient client) {
        this.client = client;
    }

    /** The jobs matching the query, one page of up to 500. */
    public ListPage<ServiceJob> list(ServiceJobQuery q) {
        JsonObject answer = client.call("listBackupServiceJobs", ApiParams.of("id", q.id(), "backupid", q.backupId(),
                "hostid", q.hostId(), "zoneid", q.zoneId(), "type", q.type(), "executing", q.executing(), "scheduled",
                q.scheduled(), "listall", true, "page", 1, "pagesize", Paging.PAGE_SIZE));
        // kboss-server names the items backupservicejob; upstream names compression jobs
        // backupcompressionjob: the one array in the answer is the list, whatever its name.
        List<ServiceJob> jobs = new ArrayList<>();
        for (Map.Entry<String, JsonElement> member : answer.entrySet()) {
            if (member.getValue().isJsonArray()) {
                for (JsonElement e : member.getValue().getAsJsonArray()) {
                    jobs.add(KbossClient.read("listBackupServiceJobs", e, ServiceJob.class));
                }
            }
        }
        return new ListPage<>(answer.has("count") ? answer.get("count").getAsInt() : jobs.size(), jobs);
    }

    /**
     * The screenshot the backup's last validation took: kboss-server answers at once (it reads the
     * PNG from the store, or through an agent for an NFS store) with the PNG as a data: URL, see {@link ValidationScreenshot#png()}.
     */
    public ValidationScreenshot downloadValidationScreenshot(String backupId) {
        JsonObject answer = client.call("downloadValidationScreenshot", ApiParams.of("backupid", backupId));
        return KbossClient.read("downloadValidationScreenshot", soleObject(answer), ValidationScreenshot.class);
    }

    /** The answer's one object (kboss-server names it validationscreenshot), or the answer itself. */
    private static JsonElement soleObject(JsonObject result) {
        for (Map.Entry<String, JsonElement> member : result.entrySet()) {
            if (member.getValue().isJsonObject()) {
                return member.getValue();
            }
        }
        return result;
    }
}
