package io.kboss.server.host;

import io.kboss.server.settings.SettingsContributor;
import io.kboss.server.settings.domain.SettingDefinition;
import io.kboss.server.settings.domain.SettingScope;
import java.util.List;
import org.springframework.stereotype.Component;

/** Settings of host monitoring and VM discovery. */
@Component
public class HostSettings implements SettingsContributor {
    public static final String CATEGORY = "Hosts";

    public static final SettingDefinition<Integer> PING_INTERVAL = SettingDefinition.integer("host.ping.interval", 60)
            .category(CATEGORY).scope(SettingScope.GLOBAL).min(1).max(3600)
            .description("Seconds between two pings of every host's agent").build();

    public static final SettingDefinition<Integer> PING_TIMEOUT = SettingDefinition.integer("host.ping.timeout", 3)
            .category(CATEGORY).scope(SettingScope.GLOBAL).min(1).max(1000)
            .description("Missed pings in a row after which a host is marked Down (after one it is Disconnected)")
            .build();

    public static final SettingDefinition<Integer> VM_SYNC_INTERVAL = SettingDefinition.integer("vm.sync.interval", 60)
            .category(CATEGORY).scope(SettingScope.GLOBAL).min(1).max(86400)
            .description("Seconds between two discoveries of the VMs and volumes of every Up host").build();

    public static final SettingDefinition<Integer> VM_EVENTS_INTERVAL = SettingDefinition.integer("vm.events.interval",
            1).category(CATEGORY).scope(SettingScope.GLOBAL).min(1).max(3600)
            .description("Seconds between two reads of every Up host's VM lifecycle events (started, stopped, ...),"
                    + " which keep the VMs' power state true within seconds; vm.sync.interval still lists them all")
            .build();

    public static final SettingDefinition<Integer> VM_STOP_WAIT = SettingDefinition.integer("vm.stop.wait", 120)
            .category(CATEGORY).scope(SettingScope.GLOBAL).min(1).max(3600)
            .description("Seconds a stopVirtualMachine without forced waits for the guest to power off after it was"
                    + " asked to shut down; past them the job fails and the VM stays Running (stop it with forced=true)")
            .build();

    /**
     * CloudStack's user.vm.readonly.details: the VM details a user (not an admin) may not set or change with
     * updateVirtualMachine; by default the validation timeouts, which bound how long a host works for one
     * backup.
     */
    public static final SettingDefinition<String> USER_VM_READONLY_DETAILS = SettingDefinition.string(
            "user.vm.readonly.details", "backupValidationCommandTimeout, backupValidationScreenshotWait, "
                    + "backupValidationBootTimeout")
            .category(CATEGORY).scope(SettingScope.GLOBAL)
            .description("Comma-separated names of the VM details users may not set or change (administrators may)")
            .build();

    @Override
    public List<SettingDefinition<?>> settings() {
        return List.of(PING_INTERVAL, PING_TIMEOUT, VM_SYNC_INTERVAL, VM_EVENTS_INTERVAL, VM_STOP_WAIT,
                USER_VM_READONLY_DETAILS);
    }
}
