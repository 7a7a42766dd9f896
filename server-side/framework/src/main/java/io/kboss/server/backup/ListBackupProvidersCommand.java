package io.kboss.server.backup;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.Paging;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** {@code listBackupProviders}: the registered providers, as CloudStack lists them. */
@Component
public class ListBackupProvidersCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("listBackupProviders")
            .description("Lists Backup and Recovery providers")
            .roles(Role.ADMINS)
            .param(ParamSpec.string("name").maxLength(255).description("List Backup and Recovery provider by name"))
            .listCommand()
            .responseObject("providers")
            .responseField("name", "string", "the CA service provider name")
            .responseField("description", "string", "the description of the provider")
            .build();

    private final BackupProviderRegistry registry;

    public ListBackupProvidersCommand(BackupProviderRegistry registry) {
        this.registry = registry;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) {
        String name = call.params().string("name");
        Paging paging = call.paging();
        String keyword = paging.keyword() == null ? null : paging.keyword().toLowerCase(Locale.ROOT);
        List<Provider> matching = new ArrayList<>();
        for (BackupProvider p : registry.all()) {
            if ((name == null || name.equalsIgnoreCase(p.name()))
                    && (keyword == null || p.name().toLowerCase(Locale.ROOT).contains(keyword))) {
                matching.add(new Provider(p.name(), p.description()));
            }
        }
        return new ListResponse<>("providers", matching.size(), paging.slice(matching));
    }

    record Provider(String name, String description) {
    }
}
