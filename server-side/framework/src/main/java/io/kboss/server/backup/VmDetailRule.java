package io.kboss.server.backup;

import java.util.Optional;

/**
 * What a provider accepts as the value of the VM details it reads (updateVirtualMachine's {@code details}
 * map): a bean per provider. A detail no rule knows is stored as given, as CloudStack stores it.
 */
public interface VmDetailRule {

    /** Whether this rule speaks for the detail. */
    boolean covers(String name);

    /** Why {@code value} is not acceptable for {@code name}, as a sentence naming what is; empty when it is. */
    Optional<String> problem(String name, String value);
}
