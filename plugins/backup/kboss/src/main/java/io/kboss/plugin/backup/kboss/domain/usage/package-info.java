/** Usage history arithmetic: an account's stored bytes per day from its backups' lifetimes. */
package io.kboss.plugin.backup.kboss.domain.usage;
