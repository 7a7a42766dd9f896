package io.kboss.plugin.backup.kboss.backup;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import java.util.Optional;

/** Finds the VM a call names and checks the caller may act on it. */
final class VmAccess {

    private VmAccess() {
    }

    static VmRecord require(Optional<VmRecord> vm, String vmUuid, Caller caller) throws ApiException {
        VmRecord v = vm.orElseThrow(() -> ApiException.invalidParameter("No VM with id " + vmUuid
                + " exists (virtualmachineid); list them with listVirtualMachines"));
        if (!caller.mayAccess(v.accountId(), v.domainPath())) {
            throw ApiException.permissionDenied("VM " + vmUuid + " belongs to another account; you may act only on "
                    + "your own account's VMs");
        }
        return v;
    }
}
