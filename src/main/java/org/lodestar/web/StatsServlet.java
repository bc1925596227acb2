package org.lodestar.web;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lodestar.config.Frontend;
import org.lodestar.container.ClusterLink;
import org.lodestar.container.Lodestar;
import org.lodestar.container.ProxyRuntime;
import org.lodestar.stats.CsvExport;
import org.lodestar.stats.JsonExport;
import org.lodestar.stats.PrometheusMetrics;
import org.lodestar.stats.StatsAccess;
import org.lodestar.stats.StatsCollector;
import org.lodestar.stats.StatsRow;

/**
 * The statistics exports, {@code /lodestar/stats.csv} (HAProxy's CSV), {@code /lodestar/stats.json} and
 * {@code /lodestar/metrics} (Prometheus),
 * and the entrances of the HTML page, {@code /lodestar/} and {@code /lodestar/stats}, which it forwards
 * to the Faces view ({@link #VIEW}). The proxy servlet forwards the configuration's {@code stats uri}
 * here ({@code ;csv}, {@code ;json}, the page).
 *
 * <p>web.xml restricts these paths to the viewer and admin roles; a forwarded request escapes those
 * declarations (they apply to the URL the client asked for), so the roles are checked here as well.
 */
@WebServlet(name = "lodestar-stats",
        urlPatterns = {StatsServlet.CSV, StatsServlet.JSON, StatsServlet.METRICS, StatsServlet.PAGE,
                       StatsServlet.HOME})
public class StatsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(StatsServlet.class.getName());
    public static final String CSV = "/lodestar/stats.csv";
    public static final String JSON = "/lodestar/stats.json";
    /** The same rows as Prometheus metrics, in the text format 0.0.4. */
    public static final String METRICS = "/lodestar/metrics";
    public static final String PAGE = "/lodestar/stats";
    /** The page's own address. */
    public static final String HOME = "/lodestar/";
    /** The Faces view of the page (FacesServlet is mapped to {@code /lodestar/ui/*} in web.xml). */
    public static final String VIEW = "/lodestar/ui/stats.xhtml";

    @Inject
    private transient Lodestar lodestar;
    @Inject
    private transient StatsSecurity security;

    /** Where the proxy servlet forwards a request for the stats URI. */
    public static String pathOf(StatsAccess.Export export) {
        return switch (export) {
            case CSV -> CSV;
            case JSON -> JSON;
            case PAGE -> PAGE;
        };
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        try {
            if (!request.isUserInRole(StatsAccess.VIEWER) && !request.isUserInRole(StatsAccess.ADMIN)) {
                deny(request, response);
                return;
            }
            String path = request.getServletPath();
            if (path.equals(PAGE) || path.equals(HOME)) {
                if (request.isUserInRole(StatsAccess.ADMIN)) {
                    // The admin forms carry the session's CSRF token: the session (and its cookie) must
                    // exist before the page starts writing.
                    request.getSession();
                }
                request.getRequestDispatcher(VIEW).forward(request, response);
                return;
            }
            List<StatsRow> rows = rows(lodestar.runtime());
            Optional<String> instance = lodestar.cluster().map(ClusterLink::instance);
            if (path.equals(METRICS)) {
                ByteArrayOutputStream metrics = new ByteArrayOutputStream(8192);
                PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
                writer.write(metrics, PrometheusMetrics.snapshots(rows, instance));
                response.setContentType(writer.getContentType());
                response.setContentLength(metrics.size());
                metrics.writeTo(response.getOutputStream());
                return;
            }
            StringBuilder body = new StringBuilder(8192);
            if (path.equals(CSV)) {
                CsvExport.write(rows, instance, body);
                response.setContentType("text/plain; charset=UTF-8");
            } else {
                JsonExport.write(rows, instance, body);
                response.setContentType("application/json");
            }
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "statistics export failed", e);
            if (!response.isCommitted()) {
                Pages.send(response, 500, "Internal Server Error", "The statistics could not be collected.");
            }
        }
    }

    private void deny(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getUserPrincipal() == null) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + security.access().realm()
                    .replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            Pages.send(response, 401, "Unauthorized", "You need a valid user and password to access this content.");
        } else {
            Pages.send(response, 403, "Forbidden", "Request forbidden by administrative rules.");
        }
    }

    static List<StatsRow> rows(ProxyRuntime runtime) {
        Map<String, Frontend> frontends = new LinkedHashMap<>();
        runtime.config().frontends().forEach(f -> frontends.put(f.name(), f));
        return StatsCollector.collect(runtime.config(), runtime.stats(), runtime.pools()::get,
                name -> runtime.limit(frontends.get(name)), runtime.servers()::snapshots, Instant.now());
    }
}
