/**
 * What every kboss handler uses to run its operation on an agent:
 * {@link io.kboss.plugin.backup.kboss.operation.AgentJobs} (start an agent job with the operation's
 * uuid as request id, or find it again after adoption, and follow it to its end with progress),
 * {@link io.kboss.plugin.backup.kboss.operation.Ports} (the framework's ports and the clock, built once)
 * and {@link io.kboss.plugin.backup.kboss.operation.Sleeper} (the wait between polls, which the
 * orchestration tests replace).
 */
package io.kboss.plugin.backup.kboss.operation;
