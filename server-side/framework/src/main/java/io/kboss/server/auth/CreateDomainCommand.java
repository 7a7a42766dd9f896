package io.kboss.server.auth;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.auth.AccountRepository.DomainRow;
import org.springframework.stereotype.Component;

/** {@code createDomain}: a subdomain; domain admins may create them below their own domain. */
@Component
public class CreateDomainCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("createDomain")
            .description("Creates a domain below a parent domain")
            .roles(Role.ADMINS)
            .param(ParamSpec.string("name").required().maxLength(255)
                    .description("creates domain with this name (no slashes)"))
            .param(ParamSpec.uuid("parentdomainid").description("assigns new domain a parent domain by domain ID "
                    + "of the parent; the caller's domain when not given"))
            .responseObject("domain")
            .responseField("id", "string", "the ID of the domain")
            .responseField("path", "string", "the path of the domain")
            .build();

    private final AccountService service;
    private final AccountRepository accounts;

    public CreateDomainCommand(AccountService service, AccountRepository accounts) {
        this.service = service;
        this.accounts = accounts;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        String name = call.params().string("name").trim();
        if (name.isEmpty() || name.contains("/")) {
            throw ApiException.invalidParameter("Parameter name must not be blank or contain '/'; got '" + name + "'");
        }
        DomainRow parent = service.domainFor(call.caller(),
                call.params().has("parentdomainid") ? call.params().uuid("parentdomainid").toString() : null);
        String path = parent.path() + name + "/";
        if (accounts.findDomainByPath(path).isPresent()) {
            throw ApiException.invalidParameter("Domain " + path + " already exists; choose another name");
        }
        DomainRow d = accounts.insertDomain(name, parent.id(), path);
        return new ObjectResponse("domain", new DomainResponse(d.uuid(), d.name(), d.path(), parent.uuid(),
                parent.name()));
    }

    record DomainResponse(String id, String name, String path, String parentdomainid, String parentdomainname) {
    }
}
