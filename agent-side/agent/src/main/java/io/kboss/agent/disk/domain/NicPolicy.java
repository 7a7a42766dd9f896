package io.kboss.agent.disk.domain;

/**
 * What a VM created from a backup keeps of the original's network interfaces (OpenNebula's restore
 * options): all of them as they were, with their MAC and IP addresses (KEEP); the interfaces but
 * not their addresses, so libvirt gives each a new MAC and the guest's DHCP a new IP (NO_IP);
 * none at all (NO_NIC).
 */
public enum NicPolicy {
    KEEP, NO_IP, NO_NIC
}
