package io.kboss.server.backup;

import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import java.util.Optional;

/** Finds the VM a call names and checks the caller may act on it: one wording for every backup command. */
public final class VmAccess {

    private VmAccess() {
    }

    /**
     * @param vm     the lookup's result
     * @param vmUuid what the call named, for the refusal
     */
    public static VmRef require(Optional<VmRef> vm, String vmUuid, Caller caller) throws ApiException {
        VmRef v = vm.orElseThrow(() -> ApiException.invalidParameter("No VM with id " + vmUuid
                + " exists (virtualmachineid); list them with listVirtualMachines"));
        if (!caller.mayAccess(v.accountId(), v.domainPath())) {
            throw ApiException.permissionDenied("VM " + vmUuid + " belongs to another account; you may act only on "
                    + "your own account's VMs");
        }
        return v;
    }
}
