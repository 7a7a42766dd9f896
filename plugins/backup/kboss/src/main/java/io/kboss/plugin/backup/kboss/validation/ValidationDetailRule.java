package io.kboss.plugin.backup.kboss.validation;

import io.kboss.server.backup.VmDetailRule;
import java.util.Map;
import java.util.Optional;

/**
 * What updateVirtualMachine accepts for the {@code backupValidation*} details: whole seconds for the
 * timeouts and the wait, Base64 for the expected result, arguments whose
 * quotes are closed ({@link io.kboss.plugin.backup.kboss.domain.validation.CommandArguments}). The same checks run when a validation reads the
 * details, for values stored before (or by hand).
 */
public class ValidationDetailRule implements VmDetailRule {

    @Override
    public boolean covers(String name) {
        return VmValidationSettings.DETAILS.contains(name);
    }

    @Override
    public Optional<String> problem(String name, String value) {
        try {
            switch (name) {
                case VmValidationSettings.COMMAND_TIMEOUT, VmValidationSettings.BOOT_TIMEOUT ->
                    VmValidationSettings.seconds(Map.of(name, value), name, 0, 1);
                case VmValidationSettings.SCREENSHOT_WAIT ->
                    VmValidationSettings.seconds(Map.of(name, value), name, 0, 0);
                case VmValidationSettings.COMMAND_EXPECTED_RESULT -> VmValidationSettings.expected(value);
                case VmValidationSettings.COMMAND_ARGUMENTS -> VmValidationSettings.arguments(value);
                default -> {
                    // the command: any text
                }
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }
}
