package io.kboss.agent.disk;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kboss.agent.disk.domain.CompressionType;
import io.kboss.agent.domain.CancelToken;
import io.kboss.agent.process.ProcessRunner;
import io.kboss.agent.process.ProgramRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The qemu-img operations the disk engine needs, each one program run with an argument list and
 * a timeout. Paths are passed as arguments, never through a shell. An operation's instance is
 * {@link #cancelledBy bound to its cancel token}, so a cancel kills whichever qemu-img it runs.
 */
public class QemuImg {

    /**
     * What {@code qemu-img info} says about one image (the top of a chain only).
     * {@code compressionType} is the qcow2 header's (zlib unless written otherwise), null for other
     * formats; it says how compressed clusters are written, not that any are.
     */
    public record ImageInfo(String format, long virtualSize, long actualSize, String backingFile,
            String fullBackingFile, List<String> bitmaps, List<String> inconsistentBitmaps,
            String compressionType) {
        public boolean hasBacking() {
            return backingFile != null;
        }

        /**
         * Bitmaps whose dirty bits can be trusted: a bitmap still flagged in-use in a file no QEMU
         * holds open was not stored at shutdown (QEMU or the host crashed) and may miss writes.
         */
        public List<String> trustedBitmaps() {
            return bitmaps.stream().filter(b -> !inconsistentBitmaps.contains(b)).toList();
        }
    }

    /** One extent of {@code qemu-img map --output=json}. */
    public record MapExtent(long start, long length, boolean data, boolean zero) {
    }

    private final ProcessRunner runner;
    private final Duration timeout;
    private final CancelToken cancel;

    public QemuImg(ProcessRunner runner, Duration timeout) {
        this(runner, timeout, new CancelToken());
    }

    private QemuImg(ProcessRunner runner, Duration timeout, CancelToken cancel) {
        this.runner = runner;
        this.timeout = timeout;
        this.cancel = cancel;
    }

    /** The same operations, each killed as soon as {@code token} is cancelled. */
    public QemuImg cancelledBy(CancelToken token) {
        return new QemuImg(runner, timeout, token);
    }

    private ProcessRunner.Output run(List<String> command) {
        return runner.run(ProgramRun.of(command, timeout).cancelledBy(cancel));
    }

    /** Runs a qemu-img command with -p and hands its percent done to {@code percentDone}. */
    private void runWithProgress(List<String> command, DoubleConsumer percentDone) {
        runner.run(ProgramRun.of(command, timeout).cancelledBy(cancel).onStdoutLine(line -> {
            Matcher m = PROGRESS.matcher(line);
            if (m.find()) {
                percentDone.accept(Double.parseDouble(m.group(1)));
            }
        }));
    }

    /**
     * Reads an image's header. {@code shared} adds -U so an image a running VM holds open can be
     * read (the answer may then lag behind QEMU's cache for allocation figures, never for format).
     */
    public ImageInfo info(Path image, boolean shared) {
        List<String> cmd = new ArrayList<>(List.of("qemu-img", "info", "--output=json"));
        if (shared) {
            cmd.add("-U");
        }
        cmd.add(image.toString());
        JsonObject json = JsonParser.parseString(run(cmd).stdout()).getAsJsonObject();
        List<String> bitmaps = new ArrayList<>();
        List<String> inconsistent = new ArrayList<>();
        JsonObject specific = json.has("format-specific") ? json.getAsJsonObject("format-specific") : null;
        JsonObject data = specific != null && specific.has("data") ? specific.getAsJsonObject("data") : null;
        if (data != null && data.has("bitmaps")) {
            for (JsonElement b : specific.getAsJsonObject("data").getAsJsonArray("bitmaps")) {
                String name = b.getAsJsonObject().get("name").getAsString();
                bitmaps.add(name);
                JsonArray flags = b.getAsJsonObject().getAsJsonArray("flags");
                if (flags != null && flags.toString().contains("in-use")) {
                    inconsistent.add(name);
                }
            }
        }
        return new ImageInfo(json.get("format").getAsString(), json.get("virtual-size").getAsLong(),
                json.has("actual-size") ? json.get("actual-size").getAsLong() : 0L,
                string(json, "backing-filename"), string(json, "full-backing-filename"), bitmaps, inconsistent,
                data == null ? null : string(data, "compression-type"));
    }

    /**
     * The size a standalone qcow2 copy of {@code image} (its whole backing chain flattened) takes:
     * qemu-img measure's "required", data and tables, no bitmaps. {@code shared}: -U, for a disk a
     * running VM holds open (its figure may lag behind QEMU's cache by the writes in flight).
     */
    public long measure(Path image, boolean shared) {
        List<String> cmd = new ArrayList<>(List.of("qemu-img", "measure", "--output=json", "-O", "qcow2"));
        if (shared) {
            cmd.add("-U");
        }
        cmd.add(image.toString());
        return JsonParser.parseString(run(cmd).stdout()).getAsJsonObject().get("required").getAsLong();
    }

    /**
     * Opens every file of the qcow2 chain ending at {@code image} (qemu-img info -f qcow2
     * --backing-chain; -U: a quick-restored VM may be reading it): fails, with qemu-img's reason,
     * when a header is unreadable or a backing file is missing. The format is given, not probed: a
     * qcow2 whose header was destroyed would otherwise pass as a raw image.
     */
    public void openChain(Path image) {
        run(List.of("qemu-img", "info", "-f", "qcow2", "--backing-chain", "--output=json", "-U",
                image.toString()));
    }

    /**
     * Copies {@code source} (with everything its backing chain resolves to) into a new standalone
     * image. -W lets qemu-img write out of order, which is what makes it as fast as the disk allows.
     */
    public void convert(Path source, String sourceFormat, Path target, String targetFormat, boolean shared) {
        convert(source, sourceFormat, target, targetFormat, shared, percent -> {
        });
    }

    /** As {@link #convert(Path, String, Path, String, boolean)}, reporting qemu-img's percent done. */
    public void convert(Path source, String sourceFormat, Path target, String targetFormat, boolean shared,
            DoubleConsumer percentDone) {
        List<String> cmd = new ArrayList<>(List.of("qemu-img", "convert", "-p", "-W", "-m", "8"));
        if (shared) {
            cmd.add("-U");
        }
        cmd.addAll(List.of("-f", sourceFormat, "-O", targetFormat, source.toString(), target.toString()));
        runWithProgress(cmd, percentDone);
    }

    /** qemu-img -p draws "    (12.34/100%)". */
    private static final Pattern PROGRESS = Pattern.compile("\\((\\d+(?:\\.\\d+)?)/100%\\)");

    /** Creates an empty qcow2 of {@code size} bytes. */
    public void create(Path image, long size) {
        run(List.of("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), Long.toString(size)));
    }

    /** Creates a qcow2 overlay whose backing file is written exactly as {@code backing} is given. */
    public void createOverlay(Path overlay, String backing, long size) {
        run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", backing, overlay.toString(),
                Long.toString(size)));
    }

    /** Rewrites only the backing-file name in the header; the data must already match. */
    public void rebaseUnsafe(Path image, String backing) {
        run(List.of("qemu-img", "rebase", "-u", "-f", "qcow2", "-F", "qcow2", "-b", backing, image.toString()));
    }

    /**
     * Rebases with data: whatever differs between the old and the new backing is copied into the
     * image first, so its contents stay the same. An empty {@code backing} makes it standalone.
     */
    public void rebaseSafe(Path image, String backing, DoubleConsumer percentDone) {
        List<String> cmd = new ArrayList<>(List.of("qemu-img", "rebase", "-p", "-f", "qcow2"));
        if (!backing.isEmpty()) {
            cmd.addAll(List.of("-F", "qcow2"));
        }
        cmd.addAll(List.of("-b", backing, image.toString()));
        runWithProgress(cmd, percentDone);
    }

    /** True when both images read the same guest-visible bytes (qemu-img compare exit status 0). */
    public boolean identical(Path a, Path b) {
        return runner.run(ProgramRun.of(List.of("qemu-img", "compare", "-U", a.toString(), b.toString()), timeout)
                .accepting(Set.of(0, 1)).cancelledBy(cancel)).exitStatus() == 0;
    }

    /**
     * True when both qcow2 images (with their backing chains) read the same guest-visible bytes:
     * qemu-img compare, exit status 0 (identical) or 1 (different); opened without -U, so a file
     * some process writes to is refused rather than compared half-written.
     */
    public boolean identicalChains(Path a, Path b, DoubleConsumer percentDone) {
        List<String> cmd = List.of("qemu-img", "compare", "-p", "-f", "qcow2", "-F", "qcow2", a.toString(),
                b.toString());
        return runner.run(ProgramRun.of(cmd, timeout).accepting(Set.of(0, 1)).cancelledBy(cancel)
                .onStdoutLine(line -> {
                    Matcher m = PROGRESS.matcher(line);
                    if (m.find()) {
                        percentDone.accept(Double.parseDouble(m.group(1)));
                    }
                })).exitStatus() == 0;
    }

    /**
     * Writes a compressed copy of the qcow2 {@code source} into {@code target}. With a
     * {@code backing} (the source's own, as its header writes it, relative to the folder both files
     * share) only the source's own clusters are copied and the copy is a delta on the same parent,
     * so a chain stays a chain; without, the copy is standalone. {@code rateLimitMibPerSecond} below
     * 1 means no limit. With more than one coroutine the copy is written out of order (-W): in order,
     * each coroutine waits for the one before it to write, and qcow2 compresses a cluster as it writes
     * it, so the coroutines compressed one at a time (2 coroutines: 6.9 s for 1 GiB of libraries, -W:
     * 5.7 s; 8 with -W: 3.9 s), while the file came out only 0.02 % larger.
     */
    public void compress(Path source, Path target, String backing, CompressionType type, int coroutines,
            int rateLimitMibPerSecond, DoubleConsumer percentDone) {
        List<String> cmd = new ArrayList<>(List.of("qemu-img", "convert", "-p", "-c", "-f", "qcow2", "-O", "qcow2",
                "-o", "compression_type=" + type.qemuName(), "-m", Integer.toString(coroutines)));
        if (coroutines > 1) {
            cmd.add("-W");
        }
        if (rateLimitMibPerSecond >= 1) {
            cmd.addAll(List.of("-r", rateLimitMibPerSecond + "M"));
        }
        if (backing != null) {
            cmd.addAll(List.of("-B", backing, "-F", "qcow2"));
        }
        cmd.addAll(List.of(source.toString(), target.toString()));
        runWithProgress(cmd, percentDone);
    }

    public void addBitmap(Path image, String bitmap) {
        run(List.of("qemu-img", "bitmap", "--add", "-f", "qcow2", image.toString(), bitmap));
    }

    public void removeBitmap(Path image, String bitmap) {
        run(List.of("qemu-img", "bitmap", "--remove", "-f", "qcow2", image.toString(), bitmap));
    }

    /** The allocation map of an image given as --image-opts (used over NBD with a dirty bitmap). */
    public List<MapExtent> mapImageOpts(String imageOpts) {
        String out = run(List.of("qemu-img", "map", "--output=json", "--image-opts", imageOpts)).stdout();
        List<MapExtent> extents = new ArrayList<>();
        JsonArray array = JsonParser.parseString(out).getAsJsonArray();
        for (JsonElement e : array) {
            JsonObject o = e.getAsJsonObject();
            extents.add(new MapExtent(o.get("start").getAsLong(), o.get("length").getAsLong(),
                    o.get("data").getAsBoolean(), o.get("zero").getAsBoolean()));
        }
        return extents;
    }

    /**
     * Copies the byte range [offset, offset+length) of {@code source} into the same range of the
     * existing qcow2 {@code target}, through raw views with offset and size on both sides. Zeros are
     * written as zeros (-n: the target is not assumed empty), so they mask the target's backing.
     */
    public void copyRange(Path source, Path target, long offset, long length) {
        String src = "driver=raw,offset=" + offset + ",size=" + length
                + ",file.driver=qcow2,file.file.driver=file,file.file.filename="
                + optValue(source);
        String dst = "driver=raw,offset=" + offset + ",size=" + length
                + ",file.driver=qcow2,file.file.driver=file,file.file.filename="
                + optValue(target);
        run(List.of("qemu-img", "convert", "-n", "--image-opts", src, "--target-image-opts", dst));
    }

    /** Escapes a value for QEMU's key=value option syntax, where a comma is written twice. */
    static String optValue(Path path) {
        return path.toString().replace(",", ",,");
    }

    private static String string(JsonObject json, String key) {
        return json.has(key) && !json.get(key).isJsonNull() ? json.get(key).getAsString() : null;
    }
}
