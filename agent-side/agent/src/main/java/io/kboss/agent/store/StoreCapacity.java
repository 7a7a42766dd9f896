package io.kboss.agent.store;

/** Sizes of a store's file system, in bytes. {@code free} is what the agent may use. */
public record StoreCapacity(long total, long free, long used) {
}
