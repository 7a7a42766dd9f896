package io.kboss.server.api;

/**
 * A command answered with a job id at once and completed in the background. {@link #start} runs in
 * the request: it validates what needs the database and may create the resource (so its id can be
 * returned with the job id); any refusal is thrown from there and no job is created. The returned
 * work then runs on the bounded job executor; its result becomes {@code jobresult}, and an
 * exception fails the job with its message as {@code errortext}.
 */
public interface AsyncCommand extends ApiCommand {

    AsyncStart start(ApiCall call) throws ApiException;
}
