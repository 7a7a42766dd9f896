package io.kboss.agent.contract;

/**
 * What every answer carries. On failure {@code errorText} says what failed and what to do, and
 * {@code disksConsistent} tells the server whether the VM's disks were left usable: {@code true}
 * means the work failed cleanly (the backup is Failed, the VM is fine); {@code false} means the
 * disks may be inconsistent (the backup is Error and the VM goes to BackupError).
 */
public class AgentAnswer {
    public int protocolVersion = Protocol.VERSION;
    public boolean success = true;
    public ErrorCode errorCode;
    public String errorText;
    public boolean disksConsistent = true;

    public static <T extends AgentAnswer> T failure(T answer, ErrorCode code, String text) {
        answer.success = false;
        answer.errorCode = code;
        answer.errorText = text;
        return answer;
    }
}
