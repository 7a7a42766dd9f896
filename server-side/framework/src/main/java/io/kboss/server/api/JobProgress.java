package io.kboss.server.api;

/** Lets running work publish its progress as the job's {@code jobprocstatus} (0-100). */
@FunctionalInterface
public interface JobProgress {
    void report(int percent);
}
