package io.kboss.server.api;

/** A command answered in the request; the returned object becomes the envelope's content. */
public interface SyncCommand extends ApiCommand {

    /**
     * @return the response: a {@link ListResponse}, {@link SuccessResponse}, an
     *     {@link ObjectResponse} (wrapped in the object name, as CloudStack does for
     *     create/update commands) or any plain object whose fields become lower-case keys
     * @throws ApiException to refuse the call; nothing may have changed when it is thrown
     */
    Object execute(ApiCall call) throws ApiException;
}
