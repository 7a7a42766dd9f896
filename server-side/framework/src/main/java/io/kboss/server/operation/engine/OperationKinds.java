package io.kboss.server.operation.engine;

import io.kboss.server.operation.LimitGroup;
import io.kboss.server.operation.OperationHandler;
import io.kboss.server.operation.OperationKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The kinds this server runs: one per {@link OperationHandler} bean, grouped by their limit groups.
 * Two kinds sharing a group name must share the whole group (the same limits). Handlers are looked up
 * on first use: they depend on the queue, which depends on this registry.
 */
public class OperationKinds {
    private final Supplier<Collection<OperationHandler>> source;
    private final Map<String, OperationHandler> handlers = new LinkedHashMap<>();
    private final Map<String, LimitGroup> groups = new LinkedHashMap<>();
    private boolean loaded;

    public OperationKinds(Supplier<Collection<OperationHandler>> handlers) {
        this.source = handlers;
    }

    private synchronized void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        for (OperationHandler h : source.get()) {
            OperationKind k = h.kind();
            if (handlers.putIfAbsent(k.name(), h) != null) {
                throw new IllegalStateException("Two operation handlers run kind " + k.name() + ": "
                        + handlers.get(k.name()).getClass().getName() + " and " + h.getClass().getName());
            }
            LimitGroup known = groups.putIfAbsent(k.limits().name(), k.limits());
            if (known != null && !known.equals(k.limits())) {
                throw new IllegalStateException("Kinds of limit group " + k.limits().name() + " declare different "
                        + "limits: " + known + " and " + k.limits() + "; a group has one set of limits");
            }
        }
    }

    public Optional<OperationHandler> handler(String kind) {
        load();
        return Optional.ofNullable(handlers.get(kind));
    }

    public Optional<OperationKind> kind(String name) {
        return handler(name).map(OperationHandler::kind);
    }

    public Collection<LimitGroup> groups() {
        load();
        return groups.values();
    }

    public List<OperationKind> kindsOf(LimitGroup group) {
        load();
        List<OperationKind> out = new ArrayList<>();
        for (OperationHandler h : handlers.values()) {
            if (h.kind().limits().name().equals(group.name())) {
                out.add(h.kind());
            }
        }
        return out;
    }

    /** The kinds that must not run on one VM together with {@code kind}: declared either way round. */
    public Set<String> conflicts(String kind) {
        load();
        Set<String> out = new TreeSet<>();
        for (OperationHandler h : handlers.values()) {
            if (h.kind().name().equals(kind)) {
                out.addAll(h.conflictsOnVm());
            } else if (h.conflictsOnVm().contains(kind)) {
                out.add(h.kind().name());
            }
        }
        return out;
    }

    /**
     * The limit groups a claim of {@code group} locks, in the one order every claim locks them (by name): its
     * own, and those of kinds that conflict with its kinds. Two claims that could start conflicting operations
     * are serialized by a common lock, so each sees what the other started.
     */
    public List<String> lockOrder(LimitGroup group) {
        load();
        Set<String> names = new TreeSet<>();
        names.add(group.name());
        for (OperationKind k : kindsOf(group)) {
            for (String other : conflicts(k.name())) {
                kind(other).ifPresent(o -> names.add(o.limits().name()));
            }
        }
        return List.copyOf(names);
    }

    public Collection<String> names() {
        load();
        return handlers.keySet();
    }
}
