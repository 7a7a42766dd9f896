/**
 * What the tests of every module share, so that each helper is written once: {@link SettableClock} (time
 * a test moves by hand), {@link Programs} (qemu-img, qemu-io, virsh... from an argument list, with a
 * timeout), {@link LabDomain} (a throw-away TCG domain on the machine's libvirtd), {@link JvmProcess} (a
 * main class in a JVM of its own, to kill with SIGKILL) and the two KBOSS processes on it,
 * {@link ServerJvm} and {@link AgentJvm}.
 *
 * <p>Modules take it in test scope only. It depends on no KBOSS module, since the agent's and the
 * server's own tests use it: the main classes are named, and run on the caller's class path.
 */
package io.kboss.test.support;
