package org.lodestar.proxy;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The pages Lodestar answers itself, shaped like HAProxy's (title, one sentence) plus a line saying what
 * failed and where. Never a stack trace; everything from the config or a backend is escaped.
 */
public enum ErrorPage {
    BAD_REQUEST(400, "Bad request", "Your browser sent an invalid request."),
    NOT_FOUND(404, "Not Found", "The requested URL was not found."),
    INTERNAL_ERROR(500, "Internal Server Error", "An internal server error occurred."),
    BAD_GATEWAY(502, "Bad Gateway", "The server returned an invalid or incomplete response."),
    SERVICE_UNAVAILABLE(503, "Service Unavailable", "No server is available to handle this request."),
    GATEWAY_TIMEOUT(504, "Gateway Timeout", "The server didn't respond in time.");

    private final int status;
    private final String title;
    private final String sentence;

    ErrorPage(int status, String title, String sentence) {
        this.status = status;
        this.title = title;
        this.sentence = sentence;
    }

    public int status() {
        return status;
    }

    /** Writes the page unless the response is already on its way, which {@code reset()} cannot undo. */
    public void send(HttpServletResponse response, String detail) throws IOException {
        send(response, detail, Map.of());
    }

    public void send(HttpServletResponse response, String detail, Map<String, String> headers) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        response.setStatus(status);
        headers.forEach(response::setHeader);
        response.setContentType("text/html; charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        byte[] body = render(detail).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IOException clientGone) {
            // The client left before its error page: nobody to tell, nothing for the server log.
        }
    }

    String render(String detail) {
        return "<html><body><h1>" + status + " " + title + "</h1>\n" + sentence + "\n<p>" + Html.escape(detail)
                + "</p>\n</body></html>\n";
    }
}
