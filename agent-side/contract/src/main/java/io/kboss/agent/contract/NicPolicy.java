package io.kboss.agent.contract;

/**
 * What a VM created from a backup keeps of the original's network interfaces (OpenNebula's
 * restore options): KEEP them with their MAC and IP addresses; NO_IP keeps the interfaces without
 * their addresses (libvirt gives new MACs, the guest's DHCP new IPs); NO_NIC drops them.
 */
public enum NicPolicy {
    KEEP, NO_IP, NO_NIC
}
