/**
 * Validation jobs (issue 10, the server half; {@code plugins/backup/kboss/docs/validation.md}): the
 * VALIDATION kind on the operation queue ({@link io.kboss.plugin.backup.kboss.validation.ValidationOperation}:
 * boot and check a backup on the agent, hash it, re-hash it later), the task that queues the jobs
 * ({@link io.kboss.plugin.backup.kboss.validation.ValidationScheduler}), the validation columns of
 * {@code backup} ({@link io.kboss.plugin.backup.kboss.validation.ValidationRepository}), a VM's
 * {@code backupValidation*} details ({@link io.kboss.plugin.backup.kboss.validation.VmValidationSettings},
 * checked on updateVirtualMachine by {@link io.kboss.plugin.backup.kboss.validation.ValidationDetailRule}),
 * and downloadValidationScreenshot ({@link io.kboss.plugin.backup.kboss.validation.ValidationScreenshots}).
 */
package io.kboss.plugin.backup.kboss.validation;
