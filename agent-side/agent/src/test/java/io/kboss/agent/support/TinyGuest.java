package io.kboss.agent.support;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kboss.test.support.LabDomain;
import io.kboss.test.support.TinyGuestImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/** The tiny Debian guest of test/lab/build-tiny-guest.sh and the guest-agent calls tests make. */
public final class TinyGuest {
    private TinyGuest() {
    }

    /** Builds (or reuses) the guest under the project's .work/lab cache and returns its folder. */
    public static Path build() throws InterruptedException {
        return TinyGuestImage.build();
    }

    public static void waitForAgent(LabDomain vm) throws InterruptedException {
        TinyGuestImage.waitForAgent(vm);
    }

    /** Runs {@code sh -c script} in the guest and returns its stdout. */
    public static String shell(LabDomain vm, String script) throws Exception {
        JsonObject cmd = new JsonObject();
        cmd.addProperty("execute", "guest-exec");
        JsonObject args = new JsonObject();
        args.addProperty("path", "/bin/sh");
        com.google.gson.JsonArray argv = new com.google.gson.JsonArray();
        argv.add("-c");
        argv.add(script);
        args.add("arg", argv);
        args.addProperty("capture-output", true);
        cmd.add("arguments", args);
        long pid = JsonParser.parseString(vm.agent(cmd.toString(), 10)).getAsJsonObject()
                .getAsJsonObject("return").get("pid").getAsLong();
        for (int i = 0; i < 300; i++) {
            JsonObject status = JsonParser
                    .parseString(vm.agent("{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":"
                            + pid + "}}", 10))
                    .getAsJsonObject().getAsJsonObject("return");
            if (status.get("exited").getAsBoolean()) {
                if (status.get("exitcode").getAsInt() != 0) {
                    throw new IllegalStateException("guest command failed: " + script + " → " + status);
                }
                return status.has("out-data")
                        ? new String(Base64.getDecoder().decode(status.get("out-data").getAsString()),
                                StandardCharsets.UTF_8)
                        : "";
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("guest command did not finish within 30 s: " + script);
    }
}
