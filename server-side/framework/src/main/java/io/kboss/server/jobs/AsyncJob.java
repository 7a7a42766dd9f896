package io.kboss.server.jobs;

import java.time.Instant;

/** One row of {@code async_job} with its owner's uuids and domain, for the API and access checks. */
public record AsyncJob(long id, String uuid, long accountId, String accountUuid, String domainPath, String userUuid,
        String command, String instanceType, String instanceUuid, int status, int resultCode,
        String resultType, String resultJson, int progress, Instant created, Instant completed) {
    public static final int PENDING = 0;
    public static final int SUCCEEDED = 1;
    public static final int FAILED = 2;
}
