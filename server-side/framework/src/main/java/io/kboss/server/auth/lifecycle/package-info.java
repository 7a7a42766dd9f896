/**
 * The life of accounts, users and domains after they are created, with CloudStack's commands:
 * {@code updateAccount}, {@code disableAccount}, {@code enableAccount}, {@code deleteAccount},
 * {@code updateUser}, {@code disableUser}, {@code enableUser}, {@code deleteUser},
 * {@code updateDomain}, {@code deleteDomain}.
 *
 * <p>The rules live in {@link io.kboss.server.auth.lifecycle.AccountLifecycle}; the commands only
 * read parameters. Two promises hold across management servers:
 * <ul>
 *   <li>When a command that takes credentials away (disable or delete of an account, a user or a
 *       domain) has answered, or its job has finished, no server accepts those users' sessions or
 *       API keys any more ({@link io.kboss.server.auth.lifecycle.CredentialRevocation}).</li>
 *   <li>Nothing owned is orphaned: an account or domain that still owns VMs is not deleted, except
 *       by {@code deleteDomain cleanup=true}, which gives VMs without a backup offering back to the
 *       admin account (they are libvirt domains KBOSS discovered, not KBOSS's to destroy). A VM
 *       still assigned to a backup offering keeps its owner: its backups belong to that account.</li>
 * </ul>
 */
package io.kboss.server.auth.lifecycle;
