package io.kboss.server.usage;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.HistoryWindow;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.api.TimeWindow;
import io.kboss.server.inventory.Zones;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * listImageStoreUsageHistory: the samples of image stores' used and total bytes in a window, oldest first
 * (root admins only). Paged as every list; the window defaults to the last 7 days and may span at most
 * 366 days.
 */
@Component
public class ListImageStoreUsageHistoryCommand implements SyncCommand {
    private static final HistoryWindow WINDOW = HistoryWindow.lastDays(7);
    public static final String OBJECT_NAME = "imagestoreusage";

    private static final CommandSpec SPEC = CommandSpec.named("listImageStoreUsageHistory")
            .description("Lists image stores' used and total bytes over time, oldest sample first (one sample "
                    + "per store every store.usage.sample.interval seconds, kept store.usage.retention days)")
            .roles(Role.ROOT_ONLY)
            .listCommand()
            .param(ParamSpec.uuid("id").description("only the samples of this image store"))
            .param(ParamSpec.uuid("zoneid").description("only the samples of this zone's image stores"))
            .param(WINDOW.startdate("samples taken"))
            .param(WINDOW.enddate("samples taken"))
            .responseObject(OBJECT_NAME)
            .responseField("imagestoreid", "string", "the ID of the image store")
            .responseField("imagestorename", "string", "the name of the image store")
            .responseField("zoneid", "string", "the ID of its zone")
            .responseField("date", "date", "when the sample was taken")
            .responseField("disksizeused", "long", "bytes used on the store's file system then, as an agent last "
                    + "measured it (absent when unknown)")
            .responseField("disksizetotal", "long", "the store's capacity in bytes then (absent when unknown)")
            .responseField("usedbybackups", "long", "bytes KBOSS's backups occupied on the store then")
            .build();

    private final StoreUsageRepository samples;
    private final Zones zones;
    private final Clock clock;

    public ListImageStoreUsageHistoryCommand(StoreUsageRepository samples, Zones zones, Clock clock) {
        this.samples = samples;
        this.zones = zones;
        this.clock = clock;
    }

    /** One sample as the API shows it: uuids only. */
    record UsageResponse(String imagestoreid, String imagestorename, String zoneid, Instant date, Long disksizeused,
            Long disksizetotal, Long usedbybackups) {
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        UUID id = call.params().uuid("id");
        if (id != null && !samples.storeExists(id.toString())) {
            throw ApiException.invalidParameter("id " + id + " does not name an image store; list them with "
                    + "listImageStores");
        }
        Long zoneId = call.params().has("zoneid") ? zones.zone("zoneid", call.params().uuid("zoneid")).id() : null;
        TimeWindow w = WINDOW.of(call, clock);
        String store = id == null ? null : id.toString();
        List<UsageResponse> out = samples.samples(store, zoneId, w.start(), w.end(), call.paging().offset(),
                call.paging().pageSize()).stream().map(
                        s -> new UsageResponse(s.storeUuid(), s.storeName(),
                                s.zoneUuid(), s.sampled(), s.usedBytes(), s.capacityBytes(), s.backupBytes()))
                .toList();
        return new ListResponse<>(OBJECT_NAME, samples.count(store, zoneId, w.start(), w.end()), out);
    }
}
