package io.kboss.cloudstack.api;

import com.cloud.user.Account;
import com.cloud.vm.VirtualMachine;
import org.apache.cloudstack.backup.Backup;
import org.apache.cloudstack.context.CallContext;

/** Whose resource a command acts on, as CloudStack asks for events and access; the caller's when it is not found. */
final class Owners {
    private Owners() {
    }

    static long ofVm(VirtualMachine vm) {
        return vm != null ? vm.getAccountId() : caller();
    }

    static long ofBackup(Backup backup) {
        return backup != null ? backup.getAccountId() : caller();
    }

    private static long caller() {
        Account caller = CallContext.current().getCallingAccount();
        return caller.getId();
    }
}
