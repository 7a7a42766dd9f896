package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.CompressionOutcome;
import io.kboss.agent.disk.domain.CompressionRequest;
import io.kboss.agent.disk.domain.CompressionListener;
import io.kboss.agent.disk.domain.StoreSpace;
import io.kboss.agent.domain.CancelToken;

/**
 * Compresses backup files in place, after they were taken.
 *
 * <p>Contract, for each file in turn:
 * <ul>
 *   <li>Before anything is written the store must have {@link CompressionRequest#requiredFreeBytes}
 *       of the files' total size free; otherwise NOT_ENOUGH_SPACE, with the figures.</li>
 *   <li>A compressed copy is written beside the file ({@code <file>.compressing}, see
 *       {@link io.kboss.agent.disk.domain.BackupFiles#compressingOf}): qcow2 with the request's
 *       compression type, coroutines and rate limit. An incremental's copy keeps the file's backing
 *       path as it is written (relative) and holds only the file's own clusters.</li>
 *   <li>The copy is compared with the original, chain included ({@code qemu-img compare}); a
 *       difference fails the compression and the original stays.</li>
 *   <li>A copy not smaller than the original is dropped (the original stays, the outcome says
 *       why); otherwise it is flushed and renamed over the original: one atomic step. A reader that
 *       opened the original before keeps reading it (POSIX rename), and children of the file are
 *       untouched: they name it by path and read the same bytes.</li>
 * </ul>
 * A cancel or a failure deletes the copy being written; the files already replaced stay
 * compressed (each is whole and verified). The caller journals the {@code .compressing} names
 * before the call, so a crash leaves none behind after the agent's next start.
 */
public interface Compressions {

    CompressionOutcome compress(CompressionRequest request, StoreSpace store, CompressionListener progress,
            CancelToken cancel);
}
