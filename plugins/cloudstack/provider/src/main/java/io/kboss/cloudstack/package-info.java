/**
 * KBOSS as an Apache CloudStack 4.22 backup provider ({@link io.kboss.cloudstack.KbossBackupProvider})
 * and the commands CloudStack lacks ({@link io.kboss.cloudstack.KbossOperations}, with the command
 * classes in {@code api}). Everything reaches kboss-server through kboss-client; nothing here talks
 * to a host. The install guide is plugins/cloudstack/README.md.
 */
package io.kboss.cloudstack;
