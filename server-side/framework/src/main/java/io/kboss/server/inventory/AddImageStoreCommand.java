package io.kboss.server.inventory;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.inventory.InventoryRepository.Zone;
import io.kboss.server.inventory.domain.ImageStoreUrl;
import io.kboss.server.inventory.domain.InvalidImageStoreUrlException;
import org.springframework.stereotype.Component;

/**
 * {@code addImageStore}: secondary storage for backups, a local folder or an NFS export. The URL
 * is checked strictly here; whether the folder or export is reachable is the agent's to find out
 * when it mounts it.
 */
@Component
public class AddImageStoreCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("addImageStore")
            .description("Adds secondary storage: a local folder (file:///abs/path or /abs/path) or an NFS export "
                    + "(nfs://host/export/path)")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.string("name").required().maxLength(255).description("the name for the image store"))
            .param(ParamSpec.string("url").required().maxLength(2048)
                    .description("the URL: file:///abs/path, /abs/path or nfs://host/export/path"))
            .param(ParamSpec.string("provider").allowedValues("NFS", "local")
                    .description("the image store provider: NFS for nfs:// URLs, local for folders "
                            + "(derived from the URL when not given)"))
            .param(ParamSpec.uuid("zoneid").required().description("the Zone ID for the image store"))
            .param(ParamSpec.bool("backupsonly").description("dedicated to backups: when a zone has such stores, new "
                    + "backups go only to them (default false)"))
            .responseObject("imagestore")
            .responseField("id", "string", "the ID of the image store")
            .responseField("url", "string", "the url of the image store")
            .build();

    private final InventoryRepository inventory;
    private final Zones zones;

    public AddImageStoreCommand(InventoryRepository inventory, Zones zones) {
        this.inventory = inventory;
        this.zones = zones;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        ImageStoreUrl url;
        try {
            url = ImageStoreUrl.parse(call.params().string("url"));
        } catch (InvalidImageStoreUrlException e) {
            throw ApiException.invalidParameter("Parameter url: " + e.getMessage());
        }
        String expected = url.protocol() == ImageStoreUrl.Protocol.NFS ? "NFS" : "local";
        String provider = call.params().string("provider", expected);
        if (!provider.equals(expected)) {
            throw ApiException.invalidParameter("Parameter provider is " + provider + " but the url is "
                    + (expected.equals("NFS")
                            ? "an NFS export; use provider NFS"
                            : "a local folder; use provider local"));
        }
        Zone z = zones.zone("zoneid", call.params().uuid("zoneid"));
        return new ObjectResponse("imagestore", InventoryResponses.ImageStoreResponse.of(inventory.insertImageStore(
                call.params().string("name").trim(), z, url.protocol() == ImageStoreUrl.Protocol.NFS ? "nfs" : "file",
                url.url(), url.path(), call.params().bool("backupsonly", false))));
    }
}
