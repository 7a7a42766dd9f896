package io.kboss.server.inventory.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A secondary-storage location, parsed strictly: {@code file:///abs/path} or a plain absolute path
 * (a local folder), or {@code nfs://host/export/path}. Anything else, relative paths, {@code ..}
 * segments, query strings, credentials in the URL or odd characters are refused with a sentence
 * that shows an accepted form.
 */
public record ImageStoreUrl(Protocol protocol, String host, String path, String url) {
    public enum Protocol {
        FILE, NFS
    }

    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/+@:=,-]*");
    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*|\\[[0-9A-Fa-f:.]+]");
    static final String FORMS = "file:///absolute/path, /absolute/path or nfs://host/export/path";

    public static ImageStoreUrl parse(String text) throws InvalidImageStoreUrlException {
        if (text == null || text.isBlank()) {
            throw new InvalidImageStoreUrlException("The url is empty; use " + FORMS);
        }
        String t = text.trim();
        if (t.startsWith("/")) {
            return new ImageStoreUrl(Protocol.FILE, null, checkPath(t, text), "file://" + normalize(t));
        }
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw new InvalidImageStoreUrlException(
                    "The url '" + shorten(text) + "' is not a valid URL (" + e.getReason()
                            + "); use " + FORMS);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new InvalidImageStoreUrlException("The url '" + shorten(text)
                    + "' must not carry a query, fragment or user information; use " + FORMS);
        }
        switch (scheme) {
            case "file" :
                if (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()) {
                    throw new InvalidImageStoreUrlException("A file url names a local folder and has no host: write "
                            + "file:///absolute/path (three slashes); got '" + shorten(text) + "'");
                }
                String fp = checkPath(uri.getPath(), text);
                return new ImageStoreUrl(Protocol.FILE, null, fp, "file://" + normalize(fp));
            case "nfs" :
                String host = uri.getHost();
                if (host == null || !HOST.matcher(host).matches()) {
                    throw new InvalidImageStoreUrlException("An nfs url needs a server name or address: "
                            + "nfs://host/export/path; got '" + shorten(text) + "'");
                }
                if (uri.getPort() != -1) {
                    throw new InvalidImageStoreUrlException("An nfs url takes no port: nfs://host/export/path; got '"
                            + shorten(text) + "'");
                }
                String np = checkPath(uri.getPath(), text);
                if (np.equals("/")) {
                    throw new InvalidImageStoreUrlException(
                            "An nfs url needs an export path: nfs://host/export/path; got '"
                                    + shorten(text) + "'");
                }
                return new ImageStoreUrl(Protocol.NFS, host, np, "nfs://" + host + normalize(np));
            default :
                throw new InvalidImageStoreUrlException("Unsupported url scheme '" + scheme + "' in '" + shorten(text)
                        + "'; use " + FORMS);
        }
    }

    private static String checkPath(String path, String original) throws InvalidImageStoreUrlException {
        if (path == null || !path.startsWith("/")) {
            throw new InvalidImageStoreUrlException(
                    "The path of '" + shorten(original) + "' must be absolute; use " + FORMS);
        }
        if (!SAFE_PATH.matcher(path).matches()) {
            throw new InvalidImageStoreUrlException("The path of '" + shorten(original)
                    + "' has characters outside letters, digits and . _ - / + @ : = ,");
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new InvalidImageStoreUrlException("The path of '" + shorten(original)
                        + "' must not contain . or .. segments; give the folder's real absolute path");
            }
        }
        return normalize(path);
    }

    private static String normalize(String path) {
        String p = path.replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static String shorten(String s) {
        return s.length() <= 128 ? s : s.substring(0, 128) + "...";
    }
}
