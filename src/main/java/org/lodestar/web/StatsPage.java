package org.lodestar.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;
import org.lodestar.container.Lodestar;
import org.lodestar.container.ProxyRuntime;
import org.lodestar.stats.StatsPageRows;

/**
 * The statistics page's bean ({@code /lodestar/ui/stats.xhtml}): it only hands the page what
 * {@link StatsPageRows} made of the current rows, and the process information. Read-only: the page has
 * no Faces form, so no state and nothing to post.
 */
@Named("statsPage")
@RequestScoped
public class StatsPage {
    private static final String VERSION = readVersion();

    @Inject
    private Lodestar lodestar;
    @Inject
    private StatsSecurity security;
    @Inject
    private HttpServletRequest request;

    private PageOptions options;
    private List<StatsPageRows.Table> tables;

    private PageOptions options() {
        if (options == null) {
            Object forwarded = request.getAttribute(RequestDispatcher.FORWARD_QUERY_STRING);
            String query = forwarded != null ? (String) forwarded : request.getQueryString();
            options = PageOptions.of(request.getParameter("scope"), request.getParameter("up"), query);
        }
        return options;
    }

    public List<StatsPageRows.Table> getTables() {
        if (tables == null) {
            ProxyRuntime runtime = lodestar.runtime();
            tables = StatsPageRows.tables(StatsServlet.rows(runtime), options().scope(), options().hideDown());
        }
        return tables;
    }

    public String getScope() {
        return options().scope();
    }

    public boolean isHideDown() {
        return options().hideDown();
    }

    /** The page's address with the DOWN servers' visibility switched. */
    public String getToggleDownUrl() {
        return home() + options().query(!options().hideDown());
    }

    public String getToggleDownText() {
        return options().hideDown() ? "Show 'DOWN' servers" : "Hide 'DOWN' servers";
    }

    /** The page's own address, where the scope form goes. */
    public String getHome() {
        return home();
    }

    private String home() {
        return request.getContextPath() + StatsServlet.HOME;
    }

    /** Seconds between refreshes ({@code stats refresh}), 0 for none. */
    public long getRefreshSeconds() {
        return security.access().refresh().map(Duration::toSeconds).map(s -> Math.max(1, s)).orElse(0L);
    }

    /** The refresh interval as the page shows it. */
    public String getRefresh() {
        long seconds = getRefreshSeconds();
        return seconds == 0 ? "off" : StatsPageRows.duration(seconds);
    }

    public String getUptime() {
        return StatsPageRows.uptime(ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
    }

    public String getNow() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC).withNano(0));
    }

    public String getVersion() {
        return VERSION;
    }

    public String getConfigFile() {
        return lodestar.runtime().config().source();
    }

    public List<String> getWarnings() {
        return lodestar.runtime().config().warnings().stream().map(Object::toString).toList();
    }

    private static String readVersion() {
        try (InputStream in = StatsPage.class.getResourceAsStream("/org/lodestar/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
