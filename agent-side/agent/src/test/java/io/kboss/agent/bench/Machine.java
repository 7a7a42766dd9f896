package io.kboss.agent.bench;

import io.kboss.agent.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The machine and program versions a run's figures belong to. */
final class Machine {
    private Machine() {
    }

    static String describe(ProcessRunner runner) {
        String cpu = "unknown CPU";
        String mem = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
            mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst()
                    .map(l -> String.format("%.0f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0))
                    .orElse(mem);
        } catch (IOException e) {
            cpu = "unreadable /proc (" + e.getMessage() + ")";
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + mem + " RAM, kernel "
                + first(runner, "uname", "-r") + ", " + first(runner, "df", "--output=fstype,source", ".")
                        .replaceAll("\\s+", " ")
                + " filesystem, TCG guests (no KVM)";
    }

    static String versions(ProcessRunner runner) {
        return String.join(", ", first(runner, "qemu-img", "--version"), first(runner, "libvirtd", "--version"),
                "virtnbdbackup " + first(runner, "virtnbdbackup", "-V"), "Java " + System.getProperty("java.version"));
    }

    /** The compression benchmark's programs (issue 9). */
    static String compressionVersions(ProcessRunner runner) {
        return String.join(", ", first(runner, "qemu-img", "--version"), first(runner, "zstd", "--version"),
                first(runner, "gzip", "--version"), "Java " + System.getProperty("java.version"));
    }

    /** The last line of a program's answer (df's header comes first), or what stopped it. */
    private static String first(ProcessRunner runner, String... command) {
        try {
            ProcessRunner.Output out = runner.run(List.of(command), Duration.ofSeconds(30), Set.of(0));
            String text = (out.stdout().isBlank() ? out.stderr() : out.stdout()).trim();
            List<String> lines = text.lines().toList();
            return command[0].equals("df") ? lines.get(lines.size() - 1) : lines.get(0);
        } catch (RuntimeException e) {
            return command[0] + " unavailable (" + e.getMessage() + ")";
        }
    }
}
