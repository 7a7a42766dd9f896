package io.kboss.server.auth.lifecycle;

import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;

/** CloudStack's two ways to name an account: {@code id}, or {@code account} with {@code domainid}. */
final class AccountParams {
    private AccountParams() {
    }

    static CommandSpec.Builder declare(CommandSpec.Builder b, String verb) {
        return b.param(ParamSpec.uuid("id").description("the ID of the account to " + verb))
                .param(ParamSpec.string("account").maxLength(255)
                        .description("the name of the account to " + verb + ", with domainid"))
                .param(ParamSpec.uuid("domainid").description("the domain of the account named by account"));
    }
}
