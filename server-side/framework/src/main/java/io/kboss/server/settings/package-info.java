/**
 * Settings: typed keys with a default and a scope, values stored per scope, read through
 * account → cluster → zone → global → default.
 *
 * <h2>Contributing keys (plugins)</h2>
 * Define each key once as a constant {@link io.kboss.server.settings.domain.SettingDefinition}
 * (name, category, type, default, scope, dynamic flag, description, range or allowed values) and
 * return them from a {@link io.kboss.server.settings.SettingsContributor} bean. The
 * {@link io.kboss.server.settings.SettingsRegistry} then lists them in {@code listConfigurations}
 * and {@code updateConfiguration} type-, range- and scope-checks every change.
 *
 * <h2>Reading values</h2>
 * Inject {@link io.kboss.server.settings.Settings} and call
 * {@code settings.value(KEY, ScopeChain.zone(zoneId))} (or a chain with the account and cluster
 * too); a key only reads the scopes it may be set at. Values are read from the database on every
 * call, so a change made on any management server is in effect at once; a read is one indexed
 * query.
 */
package io.kboss.server.settings;
