package org.lodestar.web;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lodestar.container.Lodestar;
import org.lodestar.container.ReloadOutcome;
import org.lodestar.server.ServerKey;
import org.lodestar.state.ActionResult;
import org.lodestar.state.AdminCommand;
import org.lodestar.state.SharedRecord;
import org.lodestar.stats.StatsAccess;

/**
 * The dashboard's admin actions ({@value #PATH}): a POST of the page's form, with the checked servers
 * ({@code s=BACKEND/SERVER}, repeated), the action, the weight for {@code weight}, and the session's CSRF
 * token; or of the "Reload configuration" form, whose action {@value #RELOAD} reads the configuration again
 * from where it came at start ({@link Lodestar#reload()}). Only {@code lodestar-admin} may act. Anything
 * else — another method, a missing or wrong token, a viewer — is refused with 403 and logged on
 * {@code lodestar.admin.refused}. A valid POST is answered by a redirect to the page with the id of the kept
 * results (POST-redirect-GET), so reloading the page does not repeat the action.
 */
@WebServlet(name = "lodestar-admin", urlPatterns = AdminServlet.PATH)
public class AdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    public static final String PATH = "/lodestar/admin";
    /** The reload form's action; not an action on servers, so the servers' form does not offer it. */
    static final String RELOAD = "reload";
    private static final Logger REFUSED = Logger.getLogger("lodestar.admin.refused");
    private static final Logger LOG = Logger.getLogger("lodestar.admin");

    @Inject
    private transient Lodestar lodestar;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (!"POST".equals(request.getMethod())) {
                refuse(request, response, request.getMethod() + " instead of POST");
            } else if (!request.isUserInRole(StatsAccess.ADMIN)) {
                refuse(request, response, "user without role " + StatsAccess.ADMIN);
            } else if (!CsrfTokens.matches(request.getSession(false), request.getParameter(CsrfTokens.FIELD))) {
                refuse(request, response, request.getParameter(CsrfTokens.FIELD) == null ? "no CSRF token"
                        : "wrong CSRF token");
            } else if (RELOAD.equals(request.getParameter("action"))) {
                showOutcome(request, response, reload(request));
            } else {
                showOutcome(request, response, act(request));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "admin action failed", e);
            Pages.send(response, 500, "Internal Server Error", "The action could not be completed.");
        }
    }

    private AdminOutcomes.Outcome act(HttpServletRequest request) {
        List<String> lines = new ArrayList<>();
        boolean allApplied = false;
        List<ServerKey> servers = servers(request.getParameterValues("s"));
        if (servers.isEmpty()) {
            lines.add("No server was checked: nothing done.");
        } else {
            try {
                AdminCommand command = AdminCommand.parse(request.getParameter("action"),
                        request.getParameter("weight"));
                Map<ServerKey, Integer> seen = seen(request.getParameter("seen"));
                if (request.getParameter("seen") != null) {
                    // The page showed no record for these: no one had acted on them yet.
                    servers.forEach(server -> seen.putIfAbsent(server, SharedRecord.ABSENT));
                }
                List<ActionResult> results = lodestar.runtime().administration()
                        .apply(servers, command, request.getRemoteUser(), seen);
                allApplied = results.stream().allMatch(r -> r instanceof ActionResult.Applied);
                for (ActionResult result : results) {
                    String server = result.server().backend() + "/" + result.server().server();
                    lines.add(result instanceof ActionResult.Refused refused
                            ? server + ": refused, " + refused.reason()
                            : server + ": " + ((ActionResult.Applied) result).what());
                }
            } catch (IllegalArgumentException e) {
                lines.add("Nothing done: " + e.getMessage() + ".");
            }
        }
        return new AdminOutcomes.Outcome(allApplied, lines);
    }

    /**
     * The banner tells what became of the reload. The problems it lists come from the configuration file,
     * not from the request; an unexpected failure is logged here and only named there.
     */
    private AdminOutcomes.Outcome reload(HttpServletRequest request) {
        ReloadOutcome outcome;
        try {
            outcome = lodestar.reload();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "configuration reload by " + request.getRemoteUser() + " failed", e);
            return AdminOutcomes.Outcome.RELOAD_FAILED;
        }
        LOG.info(() -> "configuration reload by " + request.getRemoteUser() + ": "
                + outcome.getClass().getSimpleName());
        return AdminOutcomes.Outcome.of(outcome);
    }

    /** POST-redirect-GET: the page shows the outcome kept under an id of Lodestar's own making. */
    private static void showOutcome(HttpServletRequest request, HttpServletResponse response,
                                    AdminOutcomes.Outcome outcome) {
        String id = AdminOutcomes.keep(request.getSession(), outcome);
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + StatsServlet.HOME + "?" + AdminOutcomes.PARAMETER
                + "=" + id);
    }

    /**
     * The page's {@code seen} field, {@code BACKEND/SERVER=VERSION,...}: the versions of the servers' shared records
     * the administrator saw. A malformed part is skipped (the instance's own version applies then).
     */
    static Map<ServerKey, Integer> seen(String value) {
        Map<ServerKey, Integer> seen = new HashMap<>();
        if (value == null || value.isBlank()) {
            return seen;
        }
        for (String part : value.split(",")) {
            int slash = part.indexOf('/');
            int equals = part.lastIndexOf('=');
            if (slash > 0 && equals > slash + 1) {
                try {
                    seen.put(new ServerKey(part.substring(0, slash), part.substring(slash + 1, equals)),
                            Integer.parseInt(part.substring(equals + 1)));
                } catch (NumberFormatException ignored) {
                    // skipped, as documented
                }
            }
        }
        return seen;
    }

    /** {@code BACKEND/SERVER} values; names cannot hold a slash, so the first one splits. */
    private static List<ServerKey> servers(String[] values) {
        List<ServerKey> servers = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                int slash = value.indexOf('/');
                if (slash > 0 && slash < value.length() - 1) {
                    ServerKey key = new ServerKey(value.substring(0, slash), value.substring(slash + 1));
                    if (!servers.contains(key)) {
                        servers.add(key);
                    }
                }
            }
        }
        return servers;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String why)
            throws IOException {
        REFUSED.warning(() -> "admin action refused (403): " + why + "; user "
                + (request.getRemoteUser() == null ? "(none)" : request.getRemoteUser()) + " from "
                + request.getRemoteAddr());
        Denials.send(response, HttpServletResponse.SC_FORBIDDEN);
    }
}
