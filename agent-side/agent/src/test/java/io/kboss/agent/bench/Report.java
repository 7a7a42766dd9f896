package io.kboss.agent.bench;

import io.kboss.agent.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The run's figures as Markdown: every measurement, then each target with its verdict. */
final class Report {
    private final Samples s;
    private final StringBuilder md = new StringBuilder();

    Report(Samples samples) {
        this.s = samples;
    }

    Report line(String text) {
        md.append(text).append('\n');
        return this;
    }

    /** The lines every run's report starts with: when, on what machine and code, under which load, on which media. */
    Report runHeader(String title, ProcessRunner runner, String versions, double loadBefore, LoadMonitor load,
            String media) {
        return line("### " + title)
                .line("")
                .line("- machine: " + Machine.describe(runner))
                .line("- code measured: " + System.getProperty("kboss.bench.revision", "as built"))
                .line("- versions: " + versions)
                .line("- load: 1-min load average " + loadBefore + " at the start; " + load.summary()
                        + (load.quiet() ? "" : " **(not a quiet machine: read the ratios, not the seconds)**"))
                .line("- media: " + media);
    }

    /** Writes the report to {@code out} and prints it, for the script to show. */
    void save(Path out) throws IOException {
        Files.writeString(out, md.toString());
        System.out.println(md);
        System.out.println("report written to " + out);
    }

    Report measurements() {
        line("| measurement | n | median s | min s | max s | spread | samples s | notes |");
        line("|---|---|---|---|---|---|---|---|");
        for (String name : s.names()) {
            double median = s.median(name);
            String samples = s.of(name).stream().map(v -> f(v)).collect(Collectors.joining(", "));
            line("| " + name + " | " + s.of(name).size() + " | " + f(median) + " | " + f(s.min(name)) + " | "
                    + f(s.max(name)) + " | " + (median > 0 ? pct((s.max(name) - s.min(name)) / median) : "-") + " | "
                    + samples + " | "
                    + s.noteOf(name) + " |");
        }
        return line("");
    }

    /** Targets of issue 14, each computed from medians; a missing measurement is said, not skipped. */
    Report targets(List<String> sweepLabels) {
        line("| target (issue 14) | figure (medians) | value | verdict |");
        line("|---|---|---|---|");
        for (String inc : List.of(ChainBenchmark.INC1, ChainBenchmark.INC1_SCATTERED, ChainBenchmark.INC10)) {
            ratio("1. an incremental is never slower than a full", inc, ChainBenchmark.FULL, v -> v <= 1.0);
        }
        ratio("1. at 50 % dirty (the engine takes a full) no slower than a full", ChainBenchmark.AT50,
                ChainBenchmark.FULL, v -> v <= 1.0);
        ratio("1. incremental at 10 % dirty at most 0.2x of the full", ChainBenchmark.INC10, ChainBenchmark.FULL,
                v -> v <= 0.2);
        ratio("2. nothing-dirty incremental within 1.1x of libvirt's own push incremental",
                ChainBenchmark.NOTHING_DIRTY, LibvirtReferences.INC_PLAIN, v -> v <= 1.1);
        ratio("2. incremental at 1 % dirty at most 0.08x of the full", ChainBenchmark.INC1, ChainBenchmark.FULL,
                v -> v <= 0.08);
        String largest = sweepLabels.get(sweepLabels.size() - 1);
        ratio("3. consolidation within 1.2x of a full restore (" + largest + ")",
                "quick restore, until consolidated, " + largest, "full restore, time to running, " + largest,
                v -> v <= 1.2);
        flatness(sweepLabels);
        ratio("4. full backup within 1.1x of a flushed qemu-img convert (on the media)", ChainBenchmark.FULL,
                ChainBenchmark.REFERENCE_FLUSHED, v -> v <= 1.1);
        ratio("4. full backup within 1.1x of a flushed qemu-img convert (into a store on disk)",
                ChainBenchmark.DISK_FULL, ChainBenchmark.DISK_CONVERT_FLUSHED, v -> v <= 1.1);
        ratio("1. (on disk) incremental at 10 % dirty at most 0.2x of the full", ChainBenchmark.DISK_INC10,
                ChainBenchmark.DISK_FULL, v -> v <= 0.2);
        ratio("2. (on disk) incremental at 1 % dirty at most 0.08x of the full", ChainBenchmark.DISK_INC1,
                ChainBenchmark.DISK_FULL, v -> v <= 0.08);
        ratio("4. chain restore within 1.05x of qemu-img convert of the chain", ChainBenchmark.CHAIN_RESTORE,
                ChainBenchmark.CHAIN_CONVERT, v -> v <= 1.05);
        ratio("4. (the same against a convert that flushes, as the restore does)", ChainBenchmark.CHAIN_RESTORE,
                ChainBenchmark.CHAIN_CONVERT_FLUSHED, v -> v <= 1.05);
        for (int limit : ManyVmsBenchmark.LIMITS) {
            manyVms(limit);
        }
        floor("2. incremental at 1 % dirty at most 0.08x of the full", 0.08, LibvirtReferences.INC_PLAIN,
                LibvirtReferences.PLAIN_PUSH);
        floor("1. incremental at 10 % dirty at most 0.2x of the full", 0.2, LibvirtReferences.INC_PLAIN,
                LibvirtReferences.PLAIN_PUSH);
        floor("4. full backup within 1.1x of a flushed qemu-img convert (on the media)", 1.1,
                LibvirtReferences.PLAIN_PUSH, ChainBenchmark.REFERENCE_FLUSHED);
        ratio("(where the time goes) full backup against plain qemu-img convert", ChainBenchmark.FULL,
                ChainBenchmark.REFERENCE, null);
        ratio("(where the time goes) plain libvirt push backup against qemu-img convert", LibvirtReferences.PLAIN_PUSH,
                ChainBenchmark.REFERENCE, null);
        ratio("(where the time goes) KBOSS full against a plain libvirt push full", ChainBenchmark.FULL,
                LibvirtReferences.PLAIN_PUSH, null);
        ratio("(where the time goes) pre-created incremental target against libvirt's own",
                LibvirtReferences.INC_REUSE, LibvirtReferences.INC_PLAIN, null);
        ratio("(where the time goes) 1 % in scattered 64 KiB writes against 1 % in 4 MiB writes",
                ChainBenchmark.INC1_SCATTERED, ChainBenchmark.INC1, null);
        ratio("(for scale) incremental at 1 % dirty: virtnbdbackup's against KBOSS's",
                "virtnbdbackup incremental at 1 % dirty", ChainBenchmark.INC1, null);
        ratio("(for scale) virtnbdbackup full against KBOSS full", "virtnbdbackup full", ChainBenchmark.FULL, null);
        return line("");
    }

    /** Eight VMs at {@code limit}: total, aggregate throughput against one alone, slowest libvirt call. */
    private void manyVms(int limit) {
        String name = ManyVmsBenchmark.atOnce(limit);
        String probe = ManyVmsBenchmark.slowestCall(limit);
        if (!s.has(name) || !s.has(ManyVmsBenchmark.ALONE)) {
            line("| 6. eight VMs at once, limit " + limit + " | - | not measured in this run | - |");
            return;
        }
        line("| 6. eight VMs at once, limit " + limit + ": total; aggregate throughput against one VM alone; slowest"
                + " libvirt call | " + name + "; 8 x " + ManyVmsBenchmark.ALONE + " / it; " + probe + " | "
                + f(s.median(name)) + " s; " + String.format(Locale.ROOT, "%.2fx", ManyVmsBenchmark.throughputGain(s,
                        limit))
                + "; " + (s.has(probe) ? f(s.max(probe)) + " s (max over the run)" : "-") + " | reported |");
    }

    /**
     * What libvirt and QEMU alone cost for the same ratio as {@code target} (whose limit is
     * {@code limit}): when the floor is above the limit, no engine can meet the target on this
     * machine, and the row says so. The target's own row stays as it is.
     */
    private void floor(String target, double limit, String numerator, String denominator) {
        String label = "(floor of target " + target + ") libvirt/QEMU alone";
        if (!s.has(numerator) || !s.has(denominator)) {
            line("| " + label + " | " + numerator + " / " + denominator + " | not measured in this run | - |");
            return;
        }
        double v = s.median(numerator) / s.median(denominator);
        line("| " + label + " | " + numerator + " / " + denominator + " | " + String.format(Locale.ROOT, "%.3f", v)
                + "x | " + (v > limit ? "**the target is below libvirt's own floor here**" : "floor under the target")
                + " |");
    }

    private void ratio(String target, String numerator, String denominator, java.util.function.DoublePredicate ok) {
        if (!s.has(numerator) || !s.has(denominator)) {
            line("| " + target + " | " + numerator + " / " + denominator + " | not measured in this run | - |");
            return;
        }
        double v = s.median(numerator) / s.median(denominator);
        line("| " + target + " | " + numerator + " / " + denominator + " | " + String.format(Locale.ROOT, "%.3f", v)
                + "x | " + (ok == null ? "-" : ok.test(v) ? "met" : "**missed**") + " |");
    }

    /**
     * Flat in disk size means the time to running does not grow with the disk: the median of the
     * largest disk is within 1.25x of the smallest's. The full restore's same ratio is shown beside it.
     */
    private void flatness(List<String> labels) {
        String first = "quick restore, time to running, " + labels.get(0);
        String last = "quick restore, time to running, " + labels.get(labels.size() - 1);
        if (labels.size() < 2 || !s.has(first) || !s.has(last)) {
            line("| quick restore time-to-running flat in disk size | - | not measured in this run | - |");
            return;
        }
        List<String> medians = new ArrayList<>();
        for (String label : labels) {
            String name = "quick restore, time to running, " + label;
            medians.add(s.has(name) ? f(s.median(name)) : "-");
        }
        double growth = s.median(last) / s.median(first);
        String fullFirst = "full restore, time to running, " + labels.get(0);
        String fullLast = "full restore, time to running, " + labels.get(labels.size() - 1);
        String full = s.has(fullFirst) && s.has(fullLast)
                ? String.format(Locale.ROOT, "; full restore grows %.2fx", s.median(fullLast) / s.median(fullFirst))
                : "";
        line("| quick restore time-to-running flat in disk size (" + labels.get(labels.size() - 1) + " within 1.25x of "
                + labels.get(0) + ") | quick restore time to running, " + String.join(" / ", labels) + " | "
                + String.join(" / ", medians) + " s: " + String.format(Locale.ROOT, "%.2fx", growth) + full + " | "
                + (growth <= 1.25 ? "met" : "**missed**") + " |");
    }

    static String f(double v) {
        return String.format(Locale.ROOT, v < 1 ? "%.3f" : "%.2f", v);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f %%", v * 100);
    }

    @Override
    public String toString() {
        return md.toString();
    }
}
