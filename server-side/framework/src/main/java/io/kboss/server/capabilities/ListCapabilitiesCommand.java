package io.kboss.server.capabilities;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiVersion;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.SyncCommand;
import org.springframework.stereotype.Component;

/** {@code listCapabilities}: what this server offers, in CloudStack's shape. */
@Component
public class ListCapabilitiesCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("listCapabilities")
            .description("Lists capabilities")
            .responseObject("capability")
            .responseField("cloudstackversion", "string", "the CloudStack release whose API this server implements")
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
        return new ObjectResponse("capability", new Capability(ApiVersion.CLOUDSTACK,
                version == null ? "development" : version, false, false, false, 0));
    }

    record Capability(String cloudstackversion, String kbossversion, boolean securitygroupsenabled,
            boolean allowusercreateprojects, boolean apilimitenabled, long customdiskofferingmaxsize) {
    }
}
