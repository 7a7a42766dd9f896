package io.kboss.server.api.dispatch;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.AsyncStart;

/** Persists a job for an async command and hands its work to the executor. */
public interface AsyncJobLauncher {

    /** @return the new job's uuid, already committed, so the client can query it at once */
    String launch(ApiCall call, AsyncStart start);
}
