/**
 * The API command SPI: how the framework and every plugin declare CloudStack-compatible commands.
 *
 * <h2>Writing a command</h2>
 * <ol>
 *   <li>Implement {@link io.kboss.server.api.SyncCommand} (answered in the request) or
 *       {@link io.kboss.server.api.AsyncCommand} (answered with a {@code jobid}; the work runs on the
 *       bounded job executor and {@code queryAsyncJobResult} reports it, across restarts).</li>
 *   <li>Return a {@link io.kboss.server.api.CommandSpec} from {@code spec()}: name, description,
 *       the {@link io.kboss.server.api.Role roles} that may call it, and every parameter as a
 *       {@link io.kboss.server.api.ParamSpec} with type, required flag, description and limits
 *       (max length, min/max, allowed values). List commands call {@code listCommand()} to get
 *       {@code page}, {@code pagesize} and {@code keyword}.</li>
 *   <li>Make it a Spring bean (e.g. {@code @Component} in a package your plugin's
 *       {@code @Configuration} scans). The server imports the plugin's configuration; the registry
 *       picks up every {@link io.kboss.server.api.ApiCommand} bean.</li>
 * </ol>
 *
 * <h2>What the framework guarantees before the handler runs</h2>
 * The caller is authenticated (session or signature) and has one of the declared roles; every
 * declared parameter is present when required and already converted and checked (see
 * {@link io.kboss.server.api.Params}); undeclared parameters are dropped. Handlers check only what
 * needs the database (does the zone exist, does the caller own it) and throw
 * {@link io.kboss.server.api.ApiException} with a sentence that names the parameter and what is
 * allowed. Any other exception is logged with a correlation id and answered 530.
 *
 * <h2>Answers</h2>
 * The returned object is serialized with Gson, field names lower-cased, inside
 * {@code {"<command lower-cased>response": ...}}. Use {@link io.kboss.server.api.ListResponse} for
 * lists ({@code count} is the total before paging), {@link io.kboss.server.api.ObjectResponse} to
 * wrap one object in its name as CloudStack does ({@code {"zone": {...}}}) and
 * {@link io.kboss.server.api.SuccessResponse} for deletes. The same answer is written in
 * CloudStack's XML shape when the call asks for {@code response=xml} or names no format (see
 * {@link io.kboss.server.api.dispatch.ApiXml}); commands never deal with formats. As in CloudStack,
 * a list with no items is answered {@code {}}, and {@code page}/{@code pagesize} are checked before
 * the handler runs ({@link io.kboss.server.api.Paging}: {@code pagesize=-1} is "all", bounded).
 * {@code listApis} is generated from the specs, so whatever a spec declares is documented.
 *
 * <h2>Parameter text</h2>
 * No value may hold ASCII control characters other than line breaks; a name parameter
 * ({@link io.kboss.server.api.ParamSpec#isName()}: {@code name} or any {@code *name}) holds none.
 */
package io.kboss.server.api;
