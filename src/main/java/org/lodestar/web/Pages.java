package org.lodestar.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Lodestar's own short pages, shaped like HAProxy's: a title and a sentence, never a stack trace. */
final class Pages {
    private Pages() {
    }

    /** Writes the page, keeping the headers already set (such as {@code WWW-Authenticate}). */
    static void send(HttpServletResponse response, int status, String title, String sentence) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("text/html; charset=UTF-8");
        byte[] body = ("<html><body><h1>" + status + " " + escape(title) + "</h1>\n" + escape(sentence)
                + "\n</body></html>\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
