package io.kboss.server.jobs;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.time.Instant;

/** A job as CloudStack's queryAsyncJobResult and listAsyncJobs show it. */
record JobResponse(String jobid, String accountid, String userid, String cmd, int jobstatus, int jobprocstatus,
        int jobresultcode, String jobresulttype, JsonElement jobresult, String jobinstancetype,
        String jobinstanceid, Instant created, Instant completed) {

    static JobResponse of(AsyncJob j) {
        JsonElement result = j.resultJson() == null ? null : JsonParser.parseString(j.resultJson());
        return new JobResponse(j.uuid(), j.accountUuid(), j.userUuid(), j.command(), j.status(), j.progress(),
                j.resultCode(), j.status() == AsyncJob.PENDING ? null : j.resultType(), result, j.instanceType(),
                j.instanceUuid(), j.created(), j.completed());
    }
}
