/**
 * Async jobs in {@code async_job}: launched by the dispatcher for every
 * {@link io.kboss.server.api.AsyncCommand}, run on a bounded pool by
 * {@link io.kboss.server.jobs.AsyncJobRunner}, answered by {@code queryAsyncJobResult} and
 * {@code listAsyncJobs} from the database on any server and across restarts. Each management
 * server holds a lease on its pending jobs; jobs whose lease ran out (their server died) are
 * failed with a reason at start-up and at every heartbeat.
 */
package io.kboss.server.jobs;
