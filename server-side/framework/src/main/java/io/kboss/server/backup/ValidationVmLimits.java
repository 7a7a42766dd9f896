package io.kboss.server.backup;

import io.kboss.server.api.ApiException;

/**
 * The account and domain limits a validation VM counts against (user_vm, cpu, memory), for providers
 * that boot one (enforce.resource.limit.on.backup.validation.vm).
 */
public interface ValidationVmLimits {
    /**
     * Checks, in its own transaction and under the account's and domains' row locks, that one more VM of the
     * size of {@code vmId} (as discovery reported it) fits, counting the account's running VMs and the VMs
     * of the other running validation operations (not {@code operationId}).
     *
     * @throws ApiException naming the limit and the usage, when it does not fit
     */
    void reserveValidationVm(long accountId, long vmId, long operationId) throws ApiException;
}
