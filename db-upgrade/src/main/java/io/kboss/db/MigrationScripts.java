package io.kboss.db;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The schema scripts found under one classpath folder (by default {@code db/migration}), in every
 * classpath root that has it: directories and jars. Modules may therefore ship their own scripts,
 * as long as the version numbers stay unique across all of them.
 */
public final class MigrationScripts {
    /** The folder the server and the CLI read. */
    public static final String DEFAULT_LOCATION = "db/migration";

    private final List<Migration> migrations;

    private MigrationScripts(List<Migration> migrations) {
        this.migrations = List.copyOf(migrations);
    }

    /**
     * The scripts under {@link #DEFAULT_LOCATION} visible to this class's class loader.
     *
     * @throws SchemaUpgradeException when there is none: KBOSS always ships V1, so an empty result
     *     means a broken packaging, and carrying on would misreport the database as newer
     */
    public static MigrationScripts fromClasspath() {
        MigrationScripts scripts = fromClasspath(DEFAULT_LOCATION, MigrationScripts.class.getClassLoader());
        if (scripts.all().isEmpty()) {
            throw new SchemaUpgradeException(SchemaUpgradeException.Kind.INVALID_SCRIPTS,
                    "No schema scripts found under classpath folder '" + DEFAULT_LOCATION + "'. Put "
                            + "kboss-db-upgrade's jar on the classpath; a repackaged jar must keep its directory "
                            + "entries (class loaders find folders in jars by them).");
        }
        return scripts;
    }

    /**
     * Every {@code V<n>__<description>.sql} directly under {@code location} in any classpath root.
     *
     * @throws SchemaUpgradeException when a {@code .sql} file there is misnamed or two differ in
     *     content but share a version
     */
    public static MigrationScripts fromClasspath(String location, ClassLoader loader) {
        String folder = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        List<Migration> found = new ArrayList<>();
        try {
            Enumeration<URL> roots = loader.getResources(folder);
            for (URL root : Collections.list(roots)) {
                found.addAll(read(root, folder));
            }
        } catch (IOException e) {
            throw new SchemaUpgradeException(SchemaUpgradeException.Kind.INVALID_SCRIPTS,
                    "Could not list the schema scripts under classpath folder '" + folder + "': " + e.getMessage(), e);
        }
        return of(found);
    }

    /** A fixed set of scripts (tests, or a caller that loads them itself). */
    public static MigrationScripts of(List<Migration> scripts) {
        Map<Integer, Migration> byVersion = new TreeMap<>();
        for (Migration m : scripts) {
            Migration other = byVersion.putIfAbsent(m.version(), m);
            // The same file twice (e.g. a jar on the classpath twice) is harmless; two scripts are not.
            if (other != null && !other.checksum().equals(m.checksum())) {
                throw new SchemaUpgradeException(SchemaUpgradeException.Kind.INVALID_SCRIPTS,
                        "Two schema scripts claim version " + m.version() + ": " + other.scriptName() + " in "
                                + other.location() + " and " + m.scriptName() + " in " + m.location()
                                + "; give one of them the next free number.");
            }
        }
        return new MigrationScripts(new ArrayList<>(byVersion.values()));
    }

    /** The scripts in ascending version order. */
    public List<Migration> all() {
        return migrations;
    }

    /** The highest version known, 0 when there are no scripts. */
    public int latestVersion() {
        return migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
    }

    private static List<Migration> read(URL root, String folder) throws IOException {
        switch (root.getProtocol()) {
            case "file" :
                return readDirectory(toPath(root));
            case "jar" :
                return readJar(root, folder);
            default :
                throw new SchemaUpgradeException(SchemaUpgradeException.Kind.INVALID_SCRIPTS,
                        "Schema scripts at " + root + " cannot be listed (only directories and jar files are "
                                + "supported); put them in a plain jar or directory on the classpath.");
        }
    }

    private static Path toPath(URL root) {
        try {
            return Paths.get(root.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Unusable classpath URL " + root, e);
        }
    }

    private static List<Migration> readDirectory(Path dir) throws IOException {
        List<Migration> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && ScriptName.looksLikeScript(name)) {
                    out.add(Migration.of(name, dir.toString(), Files.readString(file, StandardCharsets.UTF_8)));
                }
            }
        }
        return out;
    }

    private static List<Migration> readJar(URL root, String folder) throws IOException {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        // Not cached: a cached JarFile would stay open, and a rebuilt jar would be read stale.
        connection.setUseCaches(false);
        String prefix = folder + "/";
        List<Migration> out = new ArrayList<>();
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String path = entry.getName();
                if (entry.isDirectory() || !path.startsWith(prefix)) {
                    continue;
                }
                String name = path.substring(prefix.length());
                if (name.contains("/") || !ScriptName.looksLikeScript(name)) {
                    continue;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    out.add(Migration.of(name, jar.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
        }
        return out;
    }
}
