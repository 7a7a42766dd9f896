package io.kboss.server.http;

import io.kboss.server.backup.Downloads;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Streams a {@link Downloads} file: GET {@code /client/download/TOKEN}; 404 for anything unknown or expired. */
final class DownloadServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    private final transient Downloads downloads;

    DownloadServlet(Downloads downloads) {
        this.downloads = downloads;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String info = req.getPathInfo();
        String token = info == null ? "" : info.substring(1);
        Optional<Downloads.Download> found = TOKEN.matcher(token).matches() ? downloads.find(token) : Optional.empty();
        if (found.isEmpty()) {
            resp.sendError(404, "No such download, or its link expired; extract the file again");
            return;
        }
        Downloads.Download d = found.get();
        long size;
        try {
            size = d.content().size();
        } catch (NoSuchFileException e) {
            resp.sendError(404, "The copy is gone from the image store; extract the file again");
            return;
        }
        resp.setContentType("application/octet-stream");
        resp.setContentLengthLong(size);
        resp.setHeader("Content-Disposition", "attachment; filename*=UTF-8''"
                + URLEncoder.encode(d.fileName(), StandardCharsets.UTF_8).replace("+", "%20"));
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        OutputStream out = resp.getOutputStream();
        d.content().writeTo(out);
    }
}
