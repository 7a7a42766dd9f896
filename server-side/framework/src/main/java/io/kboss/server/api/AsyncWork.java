package io.kboss.server.api;

/** The background part of an async command. */
@FunctionalInterface
public interface AsyncWork {

    /**
     * @param progress reports {@code jobprocstatus} while the work runs
     * @return the job result: an {@link ObjectResponse} (shown as {@code jobresult}) or any object
     * @throws ApiException to fail the job with that error code and text
     * @throws Exception any other failure fails the job with 530 and a correlation id
     */
    Object run(JobProgress progress) throws Exception;
}
