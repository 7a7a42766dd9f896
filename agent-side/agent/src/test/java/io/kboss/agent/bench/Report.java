package io.kboss.agent.bench;

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

    /** Targets of issue 3, each computed from medians; a missing measurement is said, not skipped. */
    Report targets(List<String> sweepLabels) {
        line("| target | figure (medians) | value | verdict |");
        line("|---|---|---|---|");
        ratio("full backup within 1.2x of qemu-img convert", "KBOSS full backup", ChainBenchmark.REFERENCE,
                v -> v <= 1.2);
        ratio("incremental at 1 % dirty at most 0.05x of a full", "KBOSS incremental at 1 % dirty", "KBOSS full backup",
                v -> v <= 0.05);
        ratio("incremental at 1 % dirty at least 5x faster than virtnbdbackup's",
                "virtnbdbackup incremental at 1 % dirty", "KBOSS incremental at 1 % dirty", v -> v >= 5);
        ratio("chain restore within 1.1x of qemu-img convert of the chain",
                "KBOSS restore of the chain (full + 3 incrementals)", "qemu-img convert of the chain", v -> v <= 1.1);
        ratio("(stricter) full backup against qemu-img convert with the engine's own -W -m 8", "KBOSS full backup",
                ChainBenchmark.REFERENCE_W, null);
        ratio("(fairer) full backup against a qemu-img convert that flushes its copy to disk", "KBOSS full backup",
                ChainBenchmark.REFERENCE_FLUSHED, v -> v <= 1.2);
        ratio("(where the time goes) plain libvirt push backup against qemu-img convert", LibvirtReferences.PLAIN_PUSH,
                ChainBenchmark.REFERENCE, null);
        ratio("(candidate design) pull-mode export + qemu-img convert against qemu-img convert",
                LibvirtReferences.PULL_CONVERT, ChainBenchmark.REFERENCE, v -> v <= 1.2);
        ratio("(where the time goes) KBOSS nothing-dirty incremental against libvirt's own",
                ChainBenchmark.NOTHING_DIRTY,
                LibvirtReferences.INC_PLAIN, null);
        ratio("(candidate design) pre-created incremental target against libvirt's own", LibvirtReferences.INC_REUSE,
                LibvirtReferences.INC_PLAIN, null);
        ratio("(where the time goes) chain restore against the engine's own qemu-img convert -W -m 8 of the chain",
                "KBOSS restore of the chain (full + 3 incrementals)", "qemu-img convert -W -m 8 of the chain", null);
        ratio("(for scale) virtnbdbackup full against qemu-img convert", "virtnbdbackup full",
                ChainBenchmark.REFERENCE, null);
        ratio("(for scale) KBOSS incremental at 10 % dirty against its full", "KBOSS incremental at 10 % dirty",
                "KBOSS full backup", null);
        ratio("(for scale) KBOSS incremental at 50 % dirty against its full", "KBOSS incremental at 50 % dirty",
                "KBOSS full backup", null);
        flatness(sweepLabels);
        return line("");
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
