package io.kboss.plugin.backup.kboss.validation;

import io.kboss.agent.contract.ValidateBackupCommand;
import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.plugin.backup.kboss.domain.validation.CommandArguments;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.util.List;
import java.util.Map;

/**
 * How one VM's backups are validated: its {@code backupValidation*} details (set with updateVirtualMachine)
 * over the account's {@code backup.validation.*.default.*} settings. A detail that is not a number where
 * one is needed is reported, not guessed: the validation ends UnableToValidate naming it.
 */
public final class VmValidationSettings {
    public static final String COMMAND = "backupValidationCommand";
    public static final String COMMAND_ARGUMENTS = "backupValidationCommandArguments";
    public static final String COMMAND_EXPECTED_RESULT = "backupValidationCommandExpectedResult";
    public static final String COMMAND_TIMEOUT = "backupValidationCommandTimeout";
    public static final String SCREENSHOT_WAIT = "backupValidationScreenshotWait";
    public static final String BOOT_TIMEOUT = "backupValidationBootTimeout";

    /** Every VM detail validation reads. */
    public static final List<String> DETAILS = List.of(COMMAND, COMMAND_ARGUMENTS, COMMAND_EXPECTED_RESULT,
            COMMAND_TIMEOUT, SCREENSHOT_WAIT, BOOT_TIMEOUT);
    /** The details only administrators may set: the timeouts bound how long a host works for one backup. */
    public static final List<String> ADMIN_ONLY = List.of(COMMAND_TIMEOUT, SCREENSHOT_WAIT, BOOT_TIMEOUT);

    private VmValidationSettings() {
    }

    /** Fills the command's step settings from the VM's details and the account's defaults. */
    public static void apply(ValidateBackupCommand c, Map<String, String> details, Settings settings,
            long accountId) {
        ScopeChain account = new ScopeChain(accountId, null, null);
        String command = blankToNull(details.get(COMMAND));
        c.command = command;
        // Quoting as CommandArguments says: the guest agent runs the program itself, never through a shell.
        c.commandArguments = arguments(details.get(COMMAND_ARGUMENTS));
        c.expectedOutputBase64 = expected(details.get(COMMAND_EXPECTED_RESULT));
        c.commandTimeoutSeconds = seconds(details, COMMAND_TIMEOUT, settings.value(
                KbossSettings.VALIDATION_SCRIPT_TIMEOUT, account), 1);
        c.screenshotWaitSeconds = seconds(details, SCREENSHOT_WAIT, settings.value(
                KbossSettings.VALIDATION_SCREENSHOT_WAIT, account), 0);
        c.bootTimeoutSeconds = seconds(details, BOOT_TIMEOUT, settings.value(
                KbossSettings.VALIDATION_BOOT_TIMEOUT, account), 1);
    }

    /** The arguments as {@link CommandArguments} splits them, or what is wrong with their quoting. */
    static List<String> arguments(String text) {
        try {
            return CommandArguments.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "the VM's detail " + COMMAND_ARGUMENTS + " cannot be split into arguments: "
                            + e.getMessage() + " (quote an argument with spaces in '...' or \"...\"; set it with "
                            + "updateVirtualMachine)",
                    e);
        }
    }

    /** The detail as seconds, or the default when it is not set. */
    static long seconds(Map<String, String> details, String name, int defaultValue, int min) {
        String v = blankToNull(details.get(name));
        if (v == null) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw new IllegalArgumentException("the VM's detail " + name + " is '" + v + "', not a whole number of seconds"
                + " of at least " + min + "; set it with updateVirtualMachine");
    }

    /** The expected result as given, once it is known to be Base64; null when not set. */
    static String expected(String base64) {
        String v = blankToNull(base64);
        if (v == null) {
            return null;
        }
        try {
            java.util.Base64.getDecoder().decode(v.trim());
            return v.trim();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the VM's detail " + COMMAND_EXPECTED_RESULT + " is not Base64 ("
                    + e.getMessage() + "); give the expected output encoded in Base64", e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
