package io.kboss.server.jobs;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListAll;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.Paging;
import io.kboss.server.api.SyncCommand;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code listAsyncJobs}: users see their account's jobs, admins their own account's, or with
 * {@code listall=true} their domain's (root admins: all); newest first.
 */
@Component
public class ListAsyncJobsCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("listAsyncJobs")
            .description("Lists asynchronous jobs of the caller's account (admins with listall=true: of their "
                    + "domain), newest first; keyword matches the command name")
            .param(ListAll.param("jobs"))
            .listCommand()
            .responseObject("asyncjobs")
            .responseField("jobid", "string", "the ID of the async job")
            .responseField("jobstatus", "integer", "0 pending, 1 succeeded, 2 failed")
            .responseField("cmd", "string", "the command the job runs")
            .build();

    private final AsyncJobRepository jobs;

    public ListAsyncJobsCommand(AsyncJobRepository jobs) {
        this.jobs = jobs;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) {
        Caller c = call.caller();
        Paging paging = call.paging();
        String prefix = c.isRootAdmin() ? "/" : c.domainPath();
        Long only = c.isAdmin() ? ListAll.ownAccountOnly(c, call.params(), false) : Long.valueOf(c.accountId());
        List<JobResponse> out = new ArrayList<>();
        for (AsyncJob j : jobs.list(prefix, only, paging.likePattern(), paging.offset(), paging.pageSize())) {
            out.add(JobResponse.of(j));
        }
        return new ListResponse<>("asyncjobs", jobs.count(prefix, only, paging.likePattern()), out);
    }
}
