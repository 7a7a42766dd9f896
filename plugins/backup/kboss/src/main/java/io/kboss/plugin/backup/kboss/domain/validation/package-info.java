/**
 * A backup's validation as plain values: its status ({@link ValidationStatus}), the one table of its
 * changes ({@link ValidationTransitions}), and when a Valid backup's files are due for their next hash
 * check ({@link RecheckSchedule}).
 */
package io.kboss.plugin.backup.kboss.domain.validation;
