/**
 * kboss-client: {@link io.kboss.client.KbossClient} and its resource groups (zones, image stores,
 * hosts, VMs, offerings, backups, schedules, service jobs, async jobs, users), the waits for async
 * jobs ({@link io.kboss.client.PendingJob}), and the failures it throws. What is sent is in
 * {@code request}, what comes back in {@code model}; how it travels in {@code transport}.
 */
package io.kboss.client;
