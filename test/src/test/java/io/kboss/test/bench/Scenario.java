package io.kboss.test.bench;

import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * One kind of load: a name for the results table, what it does in words, and how each client picks
 * the parameters of its next call (the signing parameters are added by {@link SignedRequest}).
 */
record Scenario(String name, String description, Function<Random, Map<String, String>> nextCall) {
}
