package io.kboss.plugin.backup.kboss.validation.api;

import io.kboss.plugin.backup.kboss.FixedSpecCommand;
import io.kboss.plugin.backup.kboss.validation.ValidationScreenshots;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import java.util.Base64;

/**
 * downloadValidationScreenshot: the PNG a backup's validation took of its throwaway VM's console, as a
 * {@code data:image/png;base64,...} URL, which a browser shows as it is (an {@code img} source, or the
 * address bar) and any client decodes without another call.
 */
public class DownloadValidationScreenshotCommand extends FixedSpecCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("downloadValidationScreenshot")
            .description("Downloads the screenshot the last validation of a backup took of its validation VM, as "
                    + "a PNG in a data URL.")
            .roles(Role.ALL)
            .param(ParamSpec.uuid("backupid").required().description("ID of the backup"))
            .responseObject("validationscreenshot")
            .responseField("backupid", "string", "ID of the backup")
            .responseField("mimetype", "string", "image/png")
            .responseField("size", "long", "bytes of the PNG")
            .responseField("url", "string", "the PNG as a data URL (data:image/png;base64,...), which a browser "
                    + "shows as it is")
            .build();

    private final ValidationScreenshots screenshots;

    public DownloadValidationScreenshotCommand(ValidationScreenshots screenshots) {
        super(SPEC);
        this.screenshots = screenshots;
    }

    /** The answer's object. */
    record Answer(String backupid, String mimetype, long size, String url) {
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        ValidationScreenshots.Screenshot s = screenshots.read(call.caller(), call.params().uuid("backupid")
                .toString());
        return new ObjectResponse("validationscreenshot", new Answer(s.backupUuid(), "image/png", s.png().length,
                "data:image/png;base64," + Base64.getEncoder().encodeToString(s.png())));
    }
}
