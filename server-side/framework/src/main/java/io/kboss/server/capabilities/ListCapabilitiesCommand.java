package io.kboss.server.capabilities;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.SyncCommand;
import org.springframework.stereotype.Component;

/** {@code listCapabilities}: what this server offers, in CloudStack's shape. */
@Component
public class ListCapabilitiesCommand implements SyncCommand {
    /** The CloudStack API level this server's commands follow. */
    static final String CLOUDSTACK_VERSION = "4.20.0";
    private static final CommandSpec SPEC = CommandSpec.named("listCapabilities")
            .description("Lists capabilities")
            .responseObject("capability")
            .responseField("cloudstackversion", "string", "version of the cloud stack")
            .responseField("kbossversion", "string", "version of KBOSS")
            .responseField("customdiskofferingmaxsize", "long", "maximum size of a custom disk offering (unused, 0)")
            .build();

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) {
        String version = ListCapabilitiesCommand.class.getPackage().getImplementationVersion();
        return new ObjectResponse("capability", new Capability(CLOUDSTACK_VERSION,
                version == null ? "development" : version, false, false, false, 0));
    }

    record Capability(String cloudstackversion, String kbossversion, boolean securitygroupsenabled,
            boolean allowusercreateprojects, boolean apilimitenabled, long customdiskofferingmaxsize) {
    }
}
