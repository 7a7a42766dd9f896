package io.kboss.agent.guestfs;

/** Paths inside a guest filesystem as users give them: absolute, normalized, no parent steps. */
final class GuestPaths {
    private static final int MAX_LENGTH = 4096;

    private GuestPaths() {
    }

    /**
     * The path without repeated or trailing slashes and without {@code .} steps; refuses a relative path, a
     * {@code ..} step, control characters, and the lone {@code :} guestfish reads as a command separator.
     */
    static String normalize(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/' || path.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("The path must be absolute inside the filesystem (start with /) and "
                    + "at most " + MAX_LENGTH + " characters, not '" + path + "'");
        }
        StringBuilder out = new StringBuilder();
        for (String step : path.split("/")) {
            if (step.isEmpty() || step.equals(".")) {
                continue;
            }
            if (step.equals("..")) {
                throw new IllegalArgumentException("The path must not step up with '..': '" + path + "'");
            }
            for (int i = 0; i < step.length(); i++) {
                if (Character.isISOControl(step.charAt(i))) {
                    throw new IllegalArgumentException("The path must not hold control characters: '" + path + "'");
                }
            }
            out.append('/').append(step);
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    /** The folder that holds {@code path} ({@code /} for a top-level entry), or null for {@code /} itself. */
    static String parent(String path) {
        if (path.equals("/")) {
            return null;
        }
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }
}
