package org.lodestar.web;

import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lodestar.container.ReloadOutcome;

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
        /** A reload that threw: what went wrong is in the server's log, not on the page. */
        static final Outcome RELOAD_FAILED = new Outcome(false, List.of("Reload failed: internal error, logged on"
                + " the server. The page shows the configuration in effect."));

        /** A reload's outcome: what runs now and its warnings, or every problem and that nothing changed. */
        static Outcome of(ReloadOutcome reload) {
            List<String> lines = new ArrayList<>();
            if (reload instanceof ReloadOutcome.Reloaded reloaded) {
                lines.add("Reloaded " + reloaded.source() + ": " + reloaded.frontends() + " frontend(s), "
                        + reloaded.backends() + " backend(s).");
                reloaded.warnings().forEach(warning -> lines.add("warning: " + warning));
                return new Outcome(true, lines);
            }
            ReloadOutcome.Refused refused = (ReloadOutcome.Refused) reload;
            lines.add("Reload of " + refused.source() + " refused, the running configuration stays:");
            lines.addAll(refused.problems());
            return new Outcome(false, lines);
        }
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
