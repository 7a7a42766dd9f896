package io.kboss.agent.disk;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Base64;
import java.util.List;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * The QEMU guest agent of one running VM, through libvirt (virDomainQemuAgentCommand): ping and
 * guest-exec. Every call is bounded by its own timeout in seconds; a guest that never answers
 * costs at most that.
 */
final class GuestAgent {
    private final Domain domain;

    GuestAgent(Domain domain) {
        this.domain = domain;
    }

    /** @throws LibvirtException when the agent does not answer within {@code seconds} */
    void ping(int seconds) throws LibvirtException {
        domain.qemuAgentCommand("{\"execute\":\"guest-ping\"}", Math.max(1, seconds), 0);
    }

    /** Starts {@code program} with {@code arguments}, capturing its output; returns the guest's pid. */
    long exec(String program, List<String> arguments, int seconds) throws LibvirtException {
        JsonObject args = new JsonObject();
        args.addProperty("path", program);
        JsonArray argv = new JsonArray();
        arguments.forEach(argv::add);
        args.add("arg", argv);
        args.addProperty("capture-output", true);
        JsonObject cmd = new JsonObject();
        cmd.addProperty("execute", "guest-exec");
        cmd.add("arguments", args);
        return answer(domain.qemuAgentCommand(cmd.toString(), Math.max(1, seconds), 0)).get("pid").getAsLong();
    }

    /** A started program's state: still running, or its exit code and output. */
    record ExecStatus(boolean exited, int exitCode, byte[] stdout, byte[] stderr, boolean truncated) {
    }

    ExecStatus status(long pid, int seconds) throws LibvirtException {
        JsonObject s = answer(domain.qemuAgentCommand(
                "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}", Math.max(1, seconds), 0));
        boolean exited = s.get("exited").getAsBoolean();
        int code = s.has("exitcode")
                ? s.get("exitcode").getAsInt()
                : s.has("signal")
                        ? 128 + s.get("signal").getAsInt()
                        : -1;
        return new ExecStatus(exited, code, data(s, "out-data"), data(s, "err-data"),
                s.has("out-truncated") && s.get("out-truncated").getAsBoolean());
    }

    private static JsonObject answer(String json) {
        return JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("return");
    }

    private static byte[] data(JsonObject s, String field) {
        return s.has(field) ? Base64.getDecoder().decode(s.get(field).getAsString()) : new byte[0];
    }
}
