/**
 * The rules of KBOSS backup offerings, plain Java: which parameters an offering takes and their ranges
 * ({@link io.kboss.plugin.backup.kboss.domain.offering.OfferingParameters}), what a create, update or
 * delete may do ({@link io.kboss.plugin.backup.kboss.domain.offering.OfferingRules}), and the facts
 * they need from outside ({@link io.kboss.plugin.backup.kboss.domain.offering.OfferingReferences},
 * {@link io.kboss.plugin.backup.kboss.domain.offering.AssignedVms}).
 */
package io.kboss.plugin.backup.kboss.domain.offering;
