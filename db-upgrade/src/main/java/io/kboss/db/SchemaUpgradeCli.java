package io.kboss.db;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Command line for the schema upgrader (wrapped by {@code bin/kboss-db-upgrade}).
 *
 * <pre>
 * java -cp ... io.kboss.db.SchemaUpgradeCli --url JDBC --user USER
 *      [--password-file FILE] [--status | --dry-run] [--lock-wait SECONDS]
 * </pre>
 *
 * <p>The password is read from {@code --password-file} (first line) or else from the environment
 * variable {@code KBOSS_DB_PASSWORD}, never from the command line where {@code ps} would show it;
 * it is never printed, and a password inside the JDBC URL is masked in the output.
 *
 * <p>Exit codes: {@value #OK} done (upgraded, or already current; with {@code --status}: up to
 * date; with {@code --dry-run}: the upgrade would run), {@value #REFUSED} refused or failed (newer
 * schema, edited or missing script, failed script, malformed scripts), {@value #USAGE} bad command
 * line, {@value #DATABASE} database unreachable or password file unreadable, {@value #LOCKED} another
 * upgrade held the lock for the whole wait, {@value #PENDING} ({@code --status} only) versions are
 * waiting to be applied.
 */
public final class SchemaUpgradeCli {
    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;
    public static final int DATABASE = 3;
    public static final int LOCKED = 4;
    public static final int PENDING = 5;

    static final String PASSWORD_ENV = "KBOSS_DB_PASSWORD";

    private static final String HELP = String.join("\n",
            "usage: kboss-db-upgrade --url JDBC_URL --user USER [--password-file FILE]",
            "                        [--status | --dry-run] [--lock-wait SECONDS]",
            "  Applies KBOSS's schema scripts to the database the JDBC URL names, e.g.",
            "  jdbc:mysql://127.0.0.1:3306/kboss (add ?createDatabaseIfNotExist=true to create it).",
            "  The password comes from --password-file (first line) or the environment variable",
            "  " + PASSWORD_ENV + ".",
            "  --status     print the current and known versions; change nothing",
            "  --dry-run    check everything and print what would be applied; change nothing",
            "  --lock-wait  seconds to wait for another running upgrade (default "
                    + SchemaUpgrader.DEFAULT_LOCK_WAIT.toSeconds() + ")",
            "exit codes: 0 done, 1 refused or failed, 2 bad command line, 3 database unreachable,",
            "            4 lock not obtained, 5 (--status) versions pending");

    private SchemaUpgradeCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err, Clock.systemUTC()));
    }

    /** Runs one command and returns its exit code; everything printed goes to {@code out}/{@code err}. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        CliOptions options;
        try {
            options = CliOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("kboss-db-upgrade: " + e.getMessage());
            err.println(HELP);
            return USAGE;
        }
        if (options.help()) {
            out.println(HELP);
            return OK;
        }
        String password;
        try {
            password = password(options, env);
        } catch (IOException e) {
            err.println("kboss-db-upgrade: cannot read the password file " + options.passwordFile() + ": " + e
                    + ". Check the path and its permissions.");
            return DATABASE;
        }
        SchemaUpgrader upgrader;
        try {
            upgrader = new SchemaUpgrader(new UrlDataSource(options.url(), options.user(), password), clock,
                    MigrationScripts.fromClasspath(), options.lockWait());
            String target = "database " + maskPassword(options.url()) + " as " + options.user();
            if (options.status()) {
                return printStatus(upgrader.status(), target, out);
            }
            if (options.dryRun()) {
                return dryRun(upgrader, target, out, err);
            }
            out.println(upgrader.upgrade());
            return OK;
        } catch (SchemaUpgradeException e) {
            err.println("kboss-db-upgrade: " + e.getMessage());
            for (Throwable more : e.getSuppressed()) {
                err.println("kboss-db-upgrade: also: " + more.getMessage());
            }
            return exitCode(e.kind());
        }
    }

    static int exitCode(SchemaUpgradeException.Kind kind) {
        switch (kind) {
            case DATABASE :
                return DATABASE;
            case LOCK_NOT_OBTAINED :
                return LOCKED;
            default :
                return REFUSED;
        }
    }

    private static int printStatus(SchemaStatus status, String target, PrintStream out) {
        out.println(target);
        out.println("current version:      " + status.currentVersion());
        out.println("latest known version: " + status.latestKnownVersion());
        for (AppliedVersion a : status.applied()) {
            out.println("  applied V" + a.version() + " " + a.description() + " at " + a.appliedAt() + " in "
                    + a.executionMs() + " ms" + (a.success() ? "" : " FAILED: " + a.error()));
        }
        status.pending().forEach(m -> out.println("  pending V" + m.version() + " " + m.description() + " ("
                + m.scriptName() + ")"));
        status.problems().forEach(p -> out.println("problem: " + p));
        if (!status.problems().isEmpty()) {
            return REFUSED;
        }
        return status.pending().isEmpty() ? OK : PENDING;
    }

    private static int dryRun(SchemaUpgrader upgrader, String target, PrintStream out, PrintStream err) {
        SchemaStatus status = upgrader.status();
        out.println(target + " is at version " + status.currentVersion() + "; dry run, nothing is changed");
        if (!status.problems().isEmpty()) {
            status.problems().forEach(p -> err.println("kboss-db-upgrade: refused: " + p));
            return REFUSED;
        }
        for (Migration m : status.pending()) {
            // Splitting here catches a malformed script before the real run would.
            int statements = StatementSplitter.split(m.scriptName(), m.sql()).size();
            out.println("would apply V" + m.version() + " " + m.description() + " (" + m.scriptName() + ", "
                    + statements + " statements)");
        }
        if (status.pending().isEmpty()) {
            out.println("nothing to apply");
        }
        return OK;
    }

    private static String password(CliOptions options, Map<String, String> env) throws IOException {
        if (options.passwordFile() != null) {
            String text = Files.readString(Path.of(options.passwordFile()), StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            return (end < 0 ? text : text.substring(0, end)).replace("\r", "");
        }
        return env.get(PASSWORD_ENV);
    }

    /** The URL as it may be shown: any password in it replaced by ***. */
    static String maskPassword(String url) {
        return url.replaceAll("(?i)(password[0-9]*=)[^&;]*", "$1***").replaceAll("//([^/@:]*):[^/@]*@", "//$1:***@");
    }

    /** The parsed command line. */
    record CliOptions(String url, String user, String passwordFile, boolean status, boolean dryRun,
            Duration lockWait, boolean help) {

        static CliOptions parse(String[] args) {
            String url = null;
            String user = null;
            String passwordFile = null;
            boolean status = false;
            boolean dryRun = false;
            boolean help = false;
            Duration lockWait = SchemaUpgrader.DEFAULT_LOCK_WAIT;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--url" -> url = value(args, ++i, a);
                    case "--user" -> user = value(args, ++i, a);
                    case "--password-file" -> passwordFile = value(args, ++i, a);
                    case "--status" -> status = true;
                    case "--dry-run" -> dryRun = true;
                    case "--help", "-h" -> help = true;
                    case "--lock-wait" -> lockWait = seconds(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
                }
            }
            if (!help && (url == null || user == null)) {
                throw new IllegalArgumentException("--url and --user are required");
            }
            if (status && dryRun) {
                throw new IllegalArgumentException("--status and --dry-run exclude each other");
            }
            return new CliOptions(url, user, passwordFile, status, dryRun, lockWait, help);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static Duration seconds(String text) {
            try {
                long s = Long.parseLong(text);
                if (s < 0) {
                    throw new NumberFormatException();
                }
                return Duration.ofSeconds(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--lock-wait takes a whole number of seconds, 0 or more, not '"
                        + text + "'");
            }
        }
    }
}
