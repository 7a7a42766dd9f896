package io.kboss.demo;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the demonstration needs to know: where the API is, the admin's credentials file, the local
 * agent's address and state folder (for its one-time pairing code), a work folder for the demo
 * VM's disk and the image store, and the demo VM's libvirt name (an earlier VM of that name is
 * replaced).
 */
public record DemoOptions(String apiUrl, Path credentials, String agentUrl, Path agentState, Path work,
        String libvirtUri,
        String vmName) {

    static final String USAGE = "usage: kboss-demo --api http://127.0.0.1:8080 --credentials FILE "
            + "--agent-url http://127.0.0.1:8250 --agent-state DIR --work DIR [--libvirt-uri qemu:///system] [--vm-name kboss-demo-vm]";

    static DemoOptions parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument " + args[i] + "; " + USAGE);
            }
            m.put(args[i].substring(2), args[++i]);
        }
        for (String required : new String[]{"api", "credentials", "agent-url", "agent-state", "work"}) {
            if (!m.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + " is missing; " + USAGE);
            }
        }
        return new DemoOptions(m.get("api"), Path.of(m.get("credentials")), m.get("agent-url"),
                Path.of(m.get("agent-state")), Path.of(m.get("work")), m.getOrDefault("libvirt-uri", "qemu:///system"),
                m.getOrDefault("vm-name", "kboss-demo-vm"));
    }
}
