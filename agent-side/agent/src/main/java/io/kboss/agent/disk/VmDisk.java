package io.kboss.agent.disk;

import java.nio.file.Path;

/** A file-backed disk of a VM as the domain XML declares it. */
public record VmDisk(String target, Path source, String format) {
}
