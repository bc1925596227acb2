package org.lodestar.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The pages for a refused login (401) or a forbidden request (403). They keep the headers already set,
 * above all the authentication mechanism's {@code WWW-Authenticate}, which the general error page would
 * reset away.
 */
public final class Denials {
    private Denials() {
    }

    public static boolean handles(int status) {
        return status == HttpServletResponse.SC_UNAUTHORIZED || status == HttpServletResponse.SC_FORBIDDEN;
    }

    public static void send(HttpServletResponse response, int status) throws IOException {
        SecurityHeadersFilter.apply(response);
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            Pages.send(response, status, "Unauthorized", "You need a valid user and password to access this content.");
        } else {
            Pages.send(response, status, "Forbidden", "Request forbidden by administrative rules.");
        }
    }
}
