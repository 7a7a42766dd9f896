package io.kboss.server.host;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.backup.VmDetailRule;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code updateVirtualMachine}, as far as the standalone server keeps VMs: their details (CloudStack's VM
 * settings). {@code details} replaces the VM's details with the map given; {@code cleanupdetails} removes
 * them all. A user (not an admin) may not set, change or remove the details named in
 * {@code user.vm.readonly.details}: those the VM has are kept, and a map that names one is refused. Values
 * of details a provider reads are checked by its {@link VmDetailRule}.
 */
@Component
public class UpdateVirtualMachineCommand implements SyncCommand {
    private static final int MAX_NAME = 255;
    private static final int MAX_VALUE = 5120;
    private static final CommandSpec SPEC = CommandSpec.named("updateVirtualMachine")
            .description("Updates a virtual machine's details (VM settings such as backupValidationCommand)")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("id").required().description("the ID of the virtual machine"))
            .param(ParamSpec.map("details").description("the VM's details, which replace those it has: "
                    + "details[0].key=NAME&details[0].value=VALUE"))
            .param(ParamSpec.bool("cleanupdetails").description("true removes every detail of the VM"))
            .responseObject("virtualmachine")
            .responseField("id", "string", "the ID of the virtual machine")
            .responseField("name", "string", "the name of the virtual machine")
            .responseField("details", "map", "the VM's details")
            .build();

    private final VmRepository vms;
    private final VmDetails details;
    private final List<VmDetailRule> rules;
    private final Settings settings;
    private final TransactionTemplate tx;

    public UpdateVirtualMachineCommand(VmRepository vms, VmDetails details, List<VmDetailRule> rules,
            Settings settings, TransactionTemplate tx) {
        this.vms = vms;
        this.details = details;
        this.rules = rules;
        this.settings = settings;
        this.tx = tx;
    }

    /** The answer: the VM and its details. */
    record Answer(String id, String name, Map<String, String> details) {
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        String uuid = call.params().uuid("id").toString();
        VmRepository.Vm vm = vms.findLive(uuid).orElseThrow(() -> ApiException.invalidParameter(
                "Unable to find virtual machine by id " + uuid + "; listVirtualMachines shows them"));
        if (!call.caller().mayAccess(vm.accountId(), vm.ownerDomainPath())) {
            throw ApiException.permissionDenied("VM " + uuid + " belongs to another account; you may update only "
                    + "your own account's VMs");
        }
        Map<String, String> given = call.params().map("details");
        boolean cleanup = call.params().bool("cleanupdetails", false);
        if (cleanup && !given.isEmpty()) {
            throw ApiException.invalidParameter("Give either details (to replace the VM's details) or "
                    + "cleanupdetails=true (to remove them), not both");
        }
        Set<String> readOnly = call.caller().role() == Role.USER ? readOnly() : Set.of();
        for (Map.Entry<String, String> d : given.entrySet()) {
            check(d.getKey(), d.getValue(), readOnly);
        }
        Map<String, String> after = tx.execute(s -> {
            Map<String, String> kept = new TreeMap<>(details.of(vm.id()));
            kept.keySet().retainAll(readOnly); // what a user may not change stays
            if (!cleanup) {
                kept.putAll(given);
            }
            if (!cleanup && given.isEmpty()) {
                return details.of(vm.id()); // nothing asked: the details as they are
            }
            details.replace(vm.id(), kept);
            return kept;
        });
        return new ObjectResponse("virtualmachine", new Answer(vm.uuid(), vm.name(), after));
    }

    private void check(String name, String value, Set<String> readOnly) throws ApiException {
        if (name.isBlank() || name.length() > MAX_NAME || value == null || value.length() > MAX_VALUE) {
            throw ApiException.invalidParameter("details: a detail needs a name of 1 to " + MAX_NAME
                    + " characters and a value of at most " + MAX_VALUE + " characters; '" + name + "' has not");
        }
        if (readOnly.contains(name)) {
            throw ApiException.permissionDenied("details: " + name + " may be set only by administrators "
                    + "(user.vm.readonly.details)");
        }
        for (VmDetailRule rule : rules) {
            if (rule.covers(name)) {
                var problem = rule.problem(name, value);
                if (problem.isPresent()) {
                    throw ApiException.invalidParameter("details: " + problem.get());
                }
            }
        }
    }

    private Set<String> readOnly() {
        String names = settings.value(HostSettings.USER_VM_READONLY_DETAILS, ScopeChain.GLOBAL_ONLY);
        return Arrays.stream(names.split(",")).map(String::trim).filter(n -> !n.isEmpty())
                .collect(Collectors.toSet());
    }
}
