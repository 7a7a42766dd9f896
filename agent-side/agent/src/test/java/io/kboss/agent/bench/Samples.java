package io.kboss.agent.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Timings in seconds by measurement name, in the order they were first taken. */
final class Samples {
    private final Map<String, List<Double>> byName = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();

    /** How many samples each measurement had at one moment. */
    record Mark(Map<String, Integer> sizes) {
    }

    Mark mark() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        byName.forEach((k, v) -> sizes.put(k, v.size()));
        return new Mark(sizes);
    }

    /** Forgets every sample taken since {@code mark}. */
    void rollback(Mark mark) {
        byName.keySet().removeIf(k -> !mark.sizes().containsKey(k));
        byName.forEach((k, v) -> v.subList(mark.sizes().get(k), v.size()).clear());
    }

    void add(String name, double seconds) {
        byName.computeIfAbsent(name, k -> new ArrayList<>()).add(seconds);
    }

    void note(String name, String note) {
        notes.put(name, note);
    }

    String noteOf(String name) {
        return notes.getOrDefault(name, "");
    }

    List<String> names() {
        return List.copyOf(byName.keySet());
    }

    List<Double> of(String name) {
        List<Double> values = byName.get(name);
        if (values == null || values.isEmpty()) {
            throw new IllegalStateException("no samples of " + name + " were taken");
        }
        return List.copyOf(values);
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    double median(String name) {
        List<Double> sorted = new ArrayList<>(of(name));
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min(String name) {
        return Collections.min(of(name));
    }

    double max(String name) {
        return Collections.max(of(name));
    }
}
