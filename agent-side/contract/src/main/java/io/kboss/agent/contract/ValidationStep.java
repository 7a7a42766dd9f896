package io.kboss.agent.contract;

/** The validation steps an offering can list, run in the order given. */
public enum ValidationStep {
    /** The guest agent answers a guest-ping within bootTimeoutSeconds. */
    WAIT_FOR_BOOT,
    /** A command run by the guest agent (guest-exec) gives the expected output, or exit code 0. */
    EXECUTE_COMMAND,
    /** After screenshotWaitSeconds, the console is stored as a PNG beside the backup. */
    SCREENSHOT
}
