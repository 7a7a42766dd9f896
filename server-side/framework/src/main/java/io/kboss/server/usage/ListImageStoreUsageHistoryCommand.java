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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * listImageStoreUsageHistory: the samples of image stores' used and total bytes in a window, oldest first
 * (root admins only). Paged as every list; the window defaults to the last 7 days and may span at most
 * 366 days. With {@code maxsamples} a chart asks for no more than it can draw: each store's samples are
 * thinned on the server ({@link SampleThinning}), so a year of samples never travels to the browser, and
 * the answer (its count and pages) is the thinned list.
 */
@Component
public class ListImageStoreUsageHistoryCommand implements SyncCommand {
    private static final HistoryWindow WINDOW = HistoryWindow.lastDays(7);
    public static final String OBJECT_NAME = "imagestoreusage";
    /** A year of one-minute samples is some 527,000; a chart never needs more than this of one store. */
    static final int MAX_SAMPLES = 100_000;
    /** The thinned answer in the order of the unthinned one (a store's instants are unique). */
    private static final Comparator<StoreUsageRepository.Sample> ORDER = Comparator
            .comparing(StoreUsageRepository.Sample::sampled).thenComparing(StoreUsageRepository.Sample::storeName)
            .thenComparing(StoreUsageRepository.Sample::storeUuid);

    private static final CommandSpec SPEC = CommandSpec.named("listImageStoreUsageHistory")
            .description("Lists image stores' used and total bytes over time, oldest sample first (one sample "
                    + "per store every store.usage.sample.interval seconds, kept store.usage.retention days)")
            .roles(Role.ROOT_ONLY)
            .listCommand()
            .param(ParamSpec.uuid("id").description("only the samples of this image store"))
            .param(ParamSpec.uuid("zoneid").description("only the samples of this zone's image stores"))
            .param(WINDOW.startdate("samples taken"))
            .param(WINDOW.enddate("samples taken"))
            .param(ParamSpec.integer("maxsamples").min(SampleThinning.KEPT_PER_SLICE).max(MAX_SAMPLES)
                    .description("at most this many samples of each image store (" + SampleThinning.KEPT_PER_SLICE
                            + " to " + MAX_SAMPLES + "): a store with more in the window has the time from its "
                            + "first to its last sample cut into maxsamples/" + SampleThinning.KEPT_PER_SLICE
                            + " equal slices, and each slice answers its first and last sample and those with the "
                            + "lowest and highest disksizeused, disksizetotal and usedbybackups, so no peak or trough "
                            + "is lost; count and the pages are then of the samples answered. Default: every sample"))
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
        Integer max = call.params().integer("maxsamples");
        List<StoreUsageRepository.Sample> page;
        long count;
        if (max == null) {
            page = samples.samples(store, zoneId, w.start(), w.end(), call.paging().offset(),
                    call.paging().pageSize());
            count = samples.count(store, zoneId, w.start(), w.end());
        } else {
            List<StoreUsageRepository.Sample> all = thinned(store, zoneId, w, max);
            page = call.paging().slice(all);
            count = all.size();
        }
        List<UsageResponse> out = page.stream().map(s -> new UsageResponse(s.storeUuid(), s.storeName(),
                s.zoneUuid(), s.sampled(), s.usedBytes(), s.capacityBytes(), s.backupBytes())).toList();
        return new ListResponse<>(OBJECT_NAME, count, out);
    }

    /**
     * Every store's samples in the window, at most {@code max} of each, in the answer's order. The whole
     * thinned list is made for every page: it is at most {@code max} per store, and a page of it must be the
     * same slice of one list whichever page is asked.
     */
    private List<StoreUsageRepository.Sample> thinned(String store, Long zoneId, TimeWindow w, int max) {
        List<StoreUsageRepository.Sample> all = new ArrayList<>();
        for (StoreUsageRepository.StoreSpan span : samples.spans(store, zoneId, w.start(), w.end())) {
            if (span.samples() <= max) {
                samples.eachSample(span.storeId(), w.start(), w.end(), all::add);
            } else {
                SampleThinning thinning = new SampleThinning(span.first(), span.last(), max);
                samples.eachSample(span.storeId(), w.start(), w.end(), thinning::add);
                all.addAll(thinning.kept());
            }
        }
        all.sort(ORDER);
        return all;
    }
}
