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

    public Collection<String> names() {
        load();
        return handlers.keySet();
    }
}
