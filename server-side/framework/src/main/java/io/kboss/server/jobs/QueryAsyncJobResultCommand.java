package io.kboss.server.jobs;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.SyncCommand;
import org.springframework.stereotype.Component;

/** {@code queryAsyncJobResult}: a job's status and result, from the database, on any server. */
@Component
public class QueryAsyncJobResultCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("queryAsyncJobResult")
            .description("Retrieves the current status of an asynchronous job")
            .param(ParamSpec.uuid("jobid").required().description("The ID of the asynchronous job"))
            .responseField("jobid", "string", "the ID of the async job")
            .responseField("jobstatus", "integer", "0 pending, 1 succeeded, 2 failed")
            .responseField("jobprocstatus", "integer", "the progress of the job, 0 to 100")
            .responseField("jobresultcode", "integer", "0 on success, else the error code")
            .responseField("jobresulttype", "string", "the result type (object)")
            .responseField("jobresult", "responseobject", "the result: the resource, or errorcode and errortext")
            .responseField("cmd", "string", "the command the job runs")
            .responseField("created", "date", "when the job was created")
            .build();

    private final AsyncJobRepository jobs;

    public QueryAsyncJobResultCommand(AsyncJobRepository jobs) {
        this.jobs = jobs;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        String id = call.params().uuid("jobid").toString();
        AsyncJob job = jobs.findByUuid(id).orElse(null);
        // Another account's job is reported as missing, not forbidden: its existence is not the caller's to know.
        if (job == null || !call.caller().mayAccess(job.accountId(), job.domainPath())) {
            throw ApiException.invalidParameter("Unable to find async job with jobid " + id);
        }
        return JobResponse.of(job);
    }
}
