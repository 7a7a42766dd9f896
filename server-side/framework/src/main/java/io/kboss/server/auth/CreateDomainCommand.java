package io.kboss.server.auth;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.auth.AccountRepository.DomainRow;
import org.springframework.dao.DuplicateKeyException;
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
            throw exists(path);
        }
        DomainRow d;
        try {
            d = accounts.insertDomain(name, parent.id(), path);
        } catch (DuplicateKeyException raced) {
            // Two createDomain calls for one path on two servers: the unique key lets one win.
            throw exists(path);
        }
        return new ObjectResponse("domain", Responses.DomainResponse.of(d, parent));
    }

    private static ApiException exists(String path) {
        return ApiException.invalidParameter("Domain " + path + " already exists; choose another name");
    }
}
