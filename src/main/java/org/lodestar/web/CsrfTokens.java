package org.lodestar.web;

import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The per-session token that every admin action must carry (the page's hidden field). The page's Faces
 * view is transient, so its view state proves nothing; the token does: a page of another site cannot read
 * it, so cannot forge the form. Compared in time independent of where the strings differ.
 */
final class CsrfTokens {
    static final String FIELD = "csrf";
    private static final String ATTRIBUTE = "org.lodestar.web.csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private CsrfTokens() {
    }

    /** The session's token, made on first use. */
    static String of(HttpSession session) {
        synchronized (session) {
            String token = (String) session.getAttribute(ATTRIBUTE);
            if (token == null) {
                byte[] bytes = new byte[32];
                RANDOM.nextBytes(bytes);
                token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                session.setAttribute(ATTRIBUTE, token);
            }
            return token;
        }
    }

    /** Whether {@code given} is the session's token; false without a session or a token. */
    static boolean matches(HttpSession session, String given) {
        if (session == null || given == null) {
            return false;
        }
        String expected = (String) session.getAttribute(ATTRIBUTE);
        return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
