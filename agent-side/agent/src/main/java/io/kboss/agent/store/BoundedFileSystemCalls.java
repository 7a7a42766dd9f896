package io.kboss.agent.store;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs blocking file-system calls (stat, statfs, mkdir) on a store in a thread of their own and
 * waits a bounded time. A call on a dead NFS mount can block in the kernel for good and cannot be
 * interrupted: its thread is abandoned (a daemon), and while it is still stuck every further call
 * on the same store fails at once instead of stacking more stuck threads. Other stores, and the
 * agent itself, are never blocked by it.
 */
public final class BoundedFileSystemCalls {
    private final Duration timeout;
    private final Set<String> stuckStores = ConcurrentHashMap.newKeySet();

    public BoundedFileSystemCalls(Duration timeout) {
        this.timeout = timeout;
    }

    public <T> T call(String storeId, String what, Callable<T> call) throws java.io.IOException {
        if (stuckStores.contains(storeId)) {
            throw new StoreUnreachableException("Store " + storeId + " still has a call stuck for more than "
                    + timeout.toSeconds() + " s; not trying " + what + " until it returns. Check that its NFS "
                    + "server answers", null);
        }
        FutureTask<T> task = new FutureTask<>(() -> {
            try {
                return call.call();
            } finally {
                stuckStores.remove(storeId);
            }
        });
        Thread t = new Thread(task, "kboss-fs-" + storeId);
        t.setDaemon(true);
        t.start();
        try {
            return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stuckStores.add(storeId);
            if (task.isDone()) {
                stuckStores.remove(storeId); // it returned just now: not stuck after all
            }
            throw new StoreUnreachableException(what + " on store " + storeId + " did not answer within "
                    + timeout.toSeconds() + " s: check that the store's server is up and reachable", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.io.IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new java.io.IOException(what + " on store " + storeId + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("Interrupted while waiting for " + what + " on store " + storeId);
        }
    }
}
