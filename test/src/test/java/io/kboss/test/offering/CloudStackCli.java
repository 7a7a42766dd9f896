package io.kboss.test.offering;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's python3-cs, a real CloudStack API client, run as a separate program with an argument
 * list and a timeout. It signs with signatureVersion 3; on an API error it exits 0, prints the
 * error body on stdout and "CloudStack error" on stderr.
 */
public final class CloudStackCli {
    private static final String PYTHON = "/usr/bin/python3";
    private static final long TIMEOUT_SECONDS = 60;

    private final String endpoint;
    private final String key;
    private final String secret;

    public CloudStackCli(String endpoint, String key, String secret) {
        this.endpoint = endpoint;
        this.key = key;
        this.secret = secret;
    }

    public record Run(String out, String err) {
    }

    public Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, "-m", "cs"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("cs-out", ".json");
        Path err = Files.createTempFile("cs-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("CLOUDSTACK_CONFIG");
            pb.environment().put("CLOUDSTACK_ENDPOINT", endpoint);
            pb.environment().put("CLOUDSTACK_KEY", key);
            pb.environment().put("CLOUDSTACK_SECRET", secret);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("cs " + String.join(" ", args) + " did not finish within " + TIMEOUT_SECONDS
                        + " s; stderr: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            Run r = new Run(Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            if (p.exitValue() != 0) {
                throw new AssertionError(
                        "cs " + String.join(" ", args) + " exited " + p.exitValue() + "; stderr: " + r.err());
            }
            return r;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
