package org.lodestar.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lodestar.cluster.ClusterView;
import org.lodestar.cluster.Member;
import org.lodestar.cluster.ZooKeeperState;
import org.lodestar.container.ClusterLink;
import org.lodestar.container.Lodestar;
import org.lodestar.container.ProxyRuntime;
import org.lodestar.server.ServerStatus;
import org.lodestar.state.Timeline;
import org.lodestar.stats.StatsAccess;
import org.lodestar.stats.StatsPageRows;

/**
 * The statistics page's bean ({@code /lodestar/ui/stats.xhtml}): it only hands the page what
 * {@link StatsPageRows} made of the current rows, the process information and the servers' timeline
 * ({@link Timeline}). The view is transient: the admin forms (actions on servers, reload of the configuration)
 * are plain HTML forms posted to {@link AdminServlet}, protected by the session's CSRF token, and only
 * rendered for {@code lodestar-admin}.
 */
@Named("statsPage")
@RequestScoped
public class StatsPage {
    private static final String VERSION = ClusterLink.VERSION;
    /** How many changes the timeline shows. */
    private static final int TIMELINE_LENGTH = 30;

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

    /** What this server's connector lets Lodestar protect, as logged at start ({@link ConnectorProtections}). */
    public List<String> getConnectorLines() {
        return connectorProtections().lines();
    }

    public String getConnectorCss() {
        return connectorProtections().degraded() ? "connector degraded" : "connector";
    }

    private ConnectorProtections connectorProtections() {
        return Connectors.protections(request.getServletContext().getServerInfo());
    }

    /**
     * While health checks start late, what that means ({@link org.lodestar.health.CheckLateness#warning}); else
     * empty, and the page shows no line.
     */
    public String getCheckLateness() {
        return lodestar.checkLateness().warning().orElse("");
    }

    public List<String> getWarnings() {
        List<String> warnings = new ArrayList<>();
        lodestar.runtime().config().warnings().forEach(w -> warnings.add(w.toString()));
        warnings.addAll(lodestar.runtime().administration().warnings());
        return warnings;
    }

    /** Whether the user may act on servers: only then are the checkboxes and action forms rendered. */
    public boolean isAdmin() {
        return request.isUserInRole(StatsAccess.ADMIN);
    }

    /** Whether a table has server rows, which the admin form acts on. */
    public boolean hasServers(StatsPageRows.Table table) {
        return table.rows().stream().anyMatch(this::isServer);
    }

    public boolean isServer(StatsPageRows.Cells row) {
        return !row.css().equals("frontend") && !row.css().equals("backend");
    }

    /** Where the admin forms post. */
    public String getAdminUrl() {
        return request.getContextPath() + AdminServlet.PATH;
    }

    public String getCsrfField() {
        return CsrfTokens.FIELD;
    }

    /** The session's CSRF token, for administrators only. */
    public String getCsrfToken() {
        return isAdmin() ? CsrfTokens.of(request.getSession()) : "";
    }

    /** The results of the admin action the browser was redirected from, if any. */
    public Optional<AdminOutcomes.Outcome> outcome() {
        if (!isAdmin()) {
            return Optional.empty();
        }
        return AdminOutcomes.find(request.getSession(false), request.getParameter(AdminOutcomes.PARAMETER));
    }

    public List<String> getOutcomeLines() {
        return outcome().map(AdminOutcomes.Outcome::lines).orElse(List.of());
    }

    public String getOutcomeCss() {
        return outcome().map(o -> o.allApplied() ? "banner applied" : "banner refused").orElse("");
    }

    /** The last changes of the servers, newest first. */
    public List<Timeline.Entry> getTimeline() {
        ProxyRuntime runtime = lodestar.runtime();
        return Timeline.of(runtime.config(), (backend, server) -> runtime.servers().find(backend, server)
                .map(ServerStatus::history).orElse(List.of()), TIMELINE_LENGTH);
    }

    /** Whether this instance is in a {@code lodestar-cluster}: only then is the cluster section rendered. */
    public boolean isClustered() {
        return lodestar.cluster().isPresent();
    }

    public String getInstance() {
        return lodestar.cluster().map(ClusterLink::instance).orElse("");
    }

    /** Connected or not, to what, and what that means for admin actions. */
    public String getClusterState() {
        return lodestar.cluster().map(link -> {
            ZooKeeperState state = link.state();
            return state.refusal().map(why -> "DISCONNECTED: " + why)
                    .orElse("connected to " + state.describe() + "; admin actions apply to every instance");
        }).orElse("");
    }

    public String getClusterCss() {
        return lodestar.cluster().map(link -> link.state().refusal().isPresent() ? "cluster-down" : "cluster-up")
                .orElse("");
    }

    /** One live instance, as the member table shows it. */
    public record MemberRow(String id, String address, String version, String uptime, String configFile, String hash,
                            String shortHash, boolean differs, long requestRate, String css) {
    }

    public List<MemberRow> getMembers() {
        Optional<ClusterLink> link = lodestar.cluster();
        if (link.isEmpty()) {
            return List.of();
        }
        Member self = link.get().state().self();
        List<Member> members = link.get().state().members();
        List<String> differing = ClusterView.differingConfig(self, members);
        long now = System.currentTimeMillis();
        return members.stream().map(m -> {
            boolean differs = differing.contains(m.id());
            String css = (m.id().equals(self.id()) ? "self" : "member") + (differs ? " config-differs" : "");
            return new MemberRow(m.id(), m.address(), m.version(),
                    StatsPageRows.uptime(Math.max(0, (now - m.started().toEpochMilli()) / 1000)), m.configFile(),
                    m.configHash(), m.configHash().substring(0, Math.min(12, m.configHash().length())), differs,
                    m.requestRate(), css);
        }).toList();
    }

    /** The servers the live instances' health checks disagree about, one line each. */
    public List<String> getDisagreements() {
        return lodestar.cluster().map(link -> ClusterView.disagreements(link.state().members()).entrySet().stream()
                .map(e -> ClusterView.describe(e.getKey(), e.getValue())).toList()).orElse(List.of());
    }

    /**
     * The versions of the servers' shared records this page shows ({@code BACKEND/SERVER=VERSION,...}): an action
     * from it is stored only if no one changed those servers since.
     */
    public String getSeenVersions() {
        return lodestar.runtime().administration().versions().entrySet().stream()
                .map(e -> e.getKey().backend() + "/" + e.getKey().server() + "=" + e.getValue())
                .sorted().collect(java.util.stream.Collectors.joining(","));
    }
}
