package org.lodestar.web;

import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The results of the last admin actions of a session, kept for the page the browser is redirected to
 * (POST-redirect-GET). The redirect carries only an id of Lodestar's own making; the page shows the results
 * kept under it, so nothing a user sent is reflected.
 */
final class AdminOutcomes {
    static final String PARAMETER = "result";
    private static final String ATTRIBUTE = "org.lodestar.web.outcomes";
    /** A session keeps this many, the oldest dropped first. */
    private static final int KEPT = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One action's outcome lines, ready for the banner. */
    record Outcome(boolean allApplied, List<String> lines) implements java.io.Serializable {
    }

    private AdminOutcomes() {
    }

    /** Keeps an outcome and returns its id. */
    static String keep(HttpSession session, Outcome outcome) {
        String id = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        synchronized (session) {
            outcomes(session).put(id, outcome);
        }
        return id;
    }

    static Optional<Outcome> find(HttpSession session, String id) {
        if (session == null || id == null) {
            return Optional.empty();
        }
        synchronized (session) {
            return Optional.ofNullable(outcomes(session).get(id));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Outcome> outcomes(HttpSession session) {
        Map<String, Outcome> kept = (Map<String, Outcome>) session.getAttribute(ATTRIBUTE);
        if (kept == null) {
            kept = new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Outcome> eldest) {
                    return size() > KEPT;
                }
            };
            session.setAttribute(ATTRIBUTE, kept);
        }
        return kept;
    }
}
