package org.lodestar.web;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lodestar.config.ConfigSource;
import org.lodestar.container.Lodestar;
import org.lodestar.container.ReloadOutcome;
import org.lodestar.stats.StatsAccess;

/**
 * {@code POST /lodestar/reload} (role {@code lodestar-admin}): without a body, reads the configuration
 * again from where it came at start; with a body, runs that text instead (until the next restart, which
 * reads the file again). Answers {@code text/plain}: 200 and what runs now, or 400 and every
 * {@code FILE:LINE: message} of a refused configuration, which leaves the running one in place.
 *
 * <p>HTTP Basic credentials are sent by browsers on cross-site requests too, so requests a foreign page
 * could forge are refused with 403: those carrying another site's {@code Origin}, and those with a form's
 * content type (which a cross-site form can send without asking).
 */
@WebServlet(name = "lodestar-reload", urlPatterns = ReloadServlet.PATH)
public class ReloadServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ReloadServlet.class.getName());
    public static final String PATH = "/lodestar/reload";
    /** A configuration this large is not a configuration. */
    static final int MAX_CONFIG_BYTES = 1024 * 1024;
    /** The name a posted configuration's errors carry instead of a file name. */
    static final String POSTED_NAME = "posted.cfg";
    private static final Set<String> FORM_TYPES = Set.of("application/x-www-form-urlencoded", "multipart/form-data",
            "text/plain");

    @Inject
    private transient Lodestar lodestar;

    /**
     * Only POST reloads. Any other method gets 405 here, whatever the protocol: HttpServlet's own answer
     * would be 400 for a GET over HTTP/2.
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (!"POST".equals(request.getMethod())) {
            SecurityHeadersFilter.apply(response);
            response.setHeader("Allow", "POST");
            text(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "reload needs POST\n");
            return;
        }
        super.service(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SecurityHeadersFilter.apply(response);
        if (!request.isUserInRole(StatsAccess.ADMIN)) {
            Denials.send(response, request.getUserPrincipal() == null ? 401 : 403);
            return;
        }
        Optional<String> forged = forgeryRisk(request);
        if (forged.isPresent()) {
            text(response, HttpServletResponse.SC_FORBIDDEN, "reload refused: " + forged.get() + "\n");
            return;
        }
        ReloadOutcome outcome;
        try {
            outcome = hasBody(request) ? posted(request, response) : lodestar.reload();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "reload failed, the running configuration stays", e);
            text(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                    "reload failed, the running configuration stays: " + e.getClass().getSimpleName() + "\n");
            return;
        }
        if (outcome == null) {
            return; // too large, answered
        }
        LOG.info("reload by " + request.getUserPrincipal().getName() + ": " + outcome.getClass().getSimpleName());
        if (outcome instanceof ReloadOutcome.Reloaded reloaded) {
            StringBuilder body = new StringBuilder("reloaded " + reloaded.source() + ": " + reloaded.frontends()
                    + " frontend(s), " + reloaded.backends() + " backend(s)\n");
            reloaded.warnings().forEach(w -> body.append("warning: ").append(w).append('\n'));
            text(response, HttpServletResponse.SC_OK, body.toString());
        } else if (outcome instanceof ReloadOutcome.Refused refused) {
            StringBuilder body = new StringBuilder("refused " + refused.source()
                    + ", the running configuration stays:\n");
            refused.problems().forEach(p -> body.append(p).append('\n'));
            text(response, HttpServletResponse.SC_BAD_REQUEST, body.toString());
        }
    }

    private ReloadOutcome posted(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getContentLengthLong() > MAX_CONFIG_BYTES) {
            text(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "configuration larger than "
                    + MAX_CONFIG_BYTES + " bytes\n");
            return null;
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
        }
        if (bytes.length > MAX_CONFIG_BYTES) {
            text(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "configuration larger than "
                    + MAX_CONFIG_BYTES + " bytes\n");
            return null;
        }
        return lodestar.reload(new ConfigSource(POSTED_NAME, new String(bytes, StandardCharsets.UTF_8)));
    }

    static Optional<String> forgeryRisk(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null && !origin.equalsIgnoreCase(ownOrigin(request))) {
            return Optional.of("request from another origin (" + origin + ")");
        }
        String type = request.getContentType();
        if (type != null && FORM_TYPES.contains(type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))) {
            return Optional.of("a configuration is posted as application/octet-stream, not " + type);
        }
        return Optional.empty();
    }

    private static String ownOrigin(HttpServletRequest request) {
        int port = request.getServerPort();
        boolean defaultPort = (request.getScheme().equals("http") && port == 80)
                || (request.getScheme().equals("https") && port == 443);
        return request.getScheme() + "://" + request.getServerName() + (defaultPort ? "" : ":" + port);
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static void text(HttpServletResponse response, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain; charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
