package org.lodestar.stats;

import static org.lodestar.stats.StatsField.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.lodestar.balance.ConcurrencyLimit;
import org.lodestar.balance.ServerPool;
import org.lodestar.balance.ServerSnapshot;
import org.lodestar.config.Backend;
import org.lodestar.config.Config;
import org.lodestar.config.Frontend;
import org.lodestar.config.Server;
import org.lodestar.server.CheckResult;
import org.lodestar.server.Routing;
import org.lodestar.server.Snapshot;
import org.lodestar.stats.StatsRow.Type;

/**
 * Builds HAProxy's statistics rows from a configuration and the run-time objects that serve it, in
 * HAProxy's order: for each proxy in file order, its FRONTEND row, then its servers and its BACKEND row
 * (a {@code listen} section gives all three kinds). The inputs are plain functions so the rows can be
 * built, and tested, without a container.
 */
public final class StatsCollector {
    /** HAProxy's {@code pid} is the process number, 1 when there is one process, as in Lodestar. */
    private static final long PROCESS_NUMBER = 1;

    private final ProxyStats stats;
    private final Function<String, ServerPool> pools;
    private final Function<String, ConcurrencyLimit> limits;
    private final Function<String, List<Snapshot>> statuses;
    private final Instant now;

    private StatsCollector(ProxyStats stats, Function<String, ServerPool> pools,
                           Function<String, ConcurrencyLimit> limits, Function<String, List<Snapshot>> statuses,
                           Instant now) {
        this.stats = stats;
        this.pools = pools;
        this.limits = limits;
        this.statuses = statuses;
        this.now = now;
    }

    /**
     * @param pools    the server pool of each backend, by backend name: the traffic of its servers
     * @param limits   the concurrency limit of each frontend, by frontend name
     * @param statuses the status snapshots of each backend's servers, by backend name: their state, checks,
     *                 mode, weight and whether they take traffic, as the balancer was told
     * @param now      the instant ages ({@code lastchg}, {@code lastsess}) and rates are measured at
     */
    public static List<StatsRow> collect(Config config, ProxyStats stats, Function<String, ServerPool> pools,
                                         Function<String, ConcurrencyLimit> limits,
                                         Function<String, List<Snapshot>> statuses, Instant now) {
        return new StatsCollector(stats, pools, limits, statuses, now).rows(config);
    }

    /** A frontend, a backend, or both halves of a listen section. */
    private record Section(int line, Optional<Frontend> frontend, Optional<Backend> backend) {
    }

    private List<StatsRow> rows(Config config) {
        List<StatsRow> rows = new ArrayList<>();
        List<Section> sections = sectionsInFileOrder(config);
        for (int i = 0; i < sections.size(); i++) {
            long iid = i + 1; // HAProxy numbers proxies in declaration order from 1
            Section section = sections.get(i);
            section.frontend().ifPresent(f -> rows.add(frontendRow(f, iid)));
            section.backend().ifPresent(b -> rows.addAll(backendRows(b, iid)));
        }
        return rows;
    }

    private static List<Section> sectionsInFileOrder(Config config) {
        Map<String, Section> byName = new LinkedHashMap<>();
        for (Frontend f : config.frontends()) {
            byName.put(f.name(), new Section(f.line(), Optional.of(f), Optional.empty()));
        }
        for (Backend b : config.backends().values()) {
            // A listen section is both a frontend and a backend of the same name.
            Section listenHalf = byName.get(b.name());
            byName.put(b.name(), listenHalf == null
                    ? new Section(b.line(), Optional.empty(), Optional.of(b))
                    : new Section(listenHalf.line(), listenHalf.frontend(), Optional.of(b)));
        }
        return byName.values().stream().sorted(Comparator.comparingInt(Section::line)).toList();
    }

    private StatsRow frontendRow(Frontend frontend, long iid) {
        ConcurrencyLimit limit = limits.apply(frontend.name());
        TrafficCounters counters = stats.frontend(frontend.name());
        StatsRow.Builder row = StatsRow.builder(Type.FRONTEND, frontend.name(), "FRONTEND")
                .number(SCUR, limit.current())
                .number(SMAX, limit.maxSeen())
                .number(EREQ, counters.requestErrors())
                .text(STATUS, "OPEN");
        if (limit.limit() > 0) {
            row.number(SLIM, limit.limit());
        }
        traffic(row, counters);
        return ids(row, iid, 0).build();
    }

    private List<StatsRow> backendRows(Backend backend, long iid) {
        ServerPool pool = pools.apply(backend.name());
        List<ServerSnapshot> inPool = pool.snapshot();
        Map<String, ServerSnapshot> byServer = byName(inPool, ServerSnapshot::name);
        Map<String, Snapshot> status = byName(statuses.apply(backend.name()), Snapshot::server);
        List<StatsRow> rows = new ArrayList<>();
        for (int i = 0; i < backend.servers().size(); i++) {
            Server server = backend.servers().get(i);
            rows.add(serverRow(backend, server, byServer.get(server.name()), status.get(server.name()), iid, i + 1));
        }
        rows.add(backendRow(backend, pool, inPool, status, iid));
        return rows;
    }

    private StatsRow serverRow(Backend backend, Server server, ServerSnapshot inPool, Snapshot status, long iid,
                               long sid) {
        if (inPool == null || status == null) {
            throw new IllegalArgumentException("no run-time state for server " + backend.name() + "/" + server.name());
        }
        TrafficCounters counters = stats.server(backend.name(), server.name());
        boolean checked = server.check() && !server.disabled();
        // A tracking server has the tracked one's state (HAProxy shows it, and "via" that server).
        boolean tracking = server.track().isPresent() && !server.disabled();
        StatsRow.Builder row = StatsRow.builder(Type.SERVER, backend.name(), server.name())
                .number(SCUR, inPool.inflight())
                .text(STATUS, StatusColumn.of(status, checked || tracking))
                .number(WEIGHT, status.weight())
                .number(ACT, server.backup() ? 0 : 1)
                .number(BCK, server.backup() ? 1 : 0)
                .number(LASTCHG, secondsSince(status.lastChange()))
                .number(LBTOT, inPool.selections())
                .text(ADDR, server.address());
        if (inPool.maxconn() > 0) {
            row.number(SLIM, inPool.maxconn());
        }
        if (server.maxqueue() > 0) {
            row.number(QLIMIT, server.maxqueue());
        }
        if (checked) {
            checkFields(row, status);
        } else if (tracking) {
            row.text(LAST_CHK, "via " + server.track().get());
        }
        traffic(row, counters);
        backendTraffic(row, counters);
        return ids(row, iid, sid).build();
    }

    private static void checkFields(StatsRow.Builder row, Snapshot check) {
        row.number(CHKFAIL, check.chkfail())
                .number(CHKDOWN, check.chkdown())
                .number(DOWNTIME, check.downtime().toSeconds())
                .number(CHECK_RISE, check.rise())
                .number(CHECK_FALL, check.fall())
                .number(CHECK_HEALTH, check.health());
        Optional<CheckResult> last = check.lastResult();
        if (last.isEmpty()) {
            row.text(CHECK_STATUS, CheckDescription.INITIALIZING_STATUS)
                    .text(CHECK_DESC, CheckDescription.INITIALIZING_DESC);
            return;
        }
        CheckResult result = last.get();
        row.text(CHECK_STATUS, result.code().name())
                .text(CHECK_DESC, CheckDescription.of(result.code()))
                .number(CHECK_DURATION, result.durationMillis())
                .text(LAST_CHK, result.description());
        if (result.httpCode() != CheckResult.NO_HTTP_CODE) {
            row.number(CHECK_CODE, result.httpCode());
        }
    }

    private StatsRow backendRow(Backend backend, ServerPool pool, List<ServerSnapshot> inPool,
                                Map<String, Snapshot> status, long iid) {
        TrafficCounters counters = stats.backend(backend.name());
        List<Server> usable = backend.servers().stream()
                .filter(s -> status.get(s.name()).routing() == Routing.ROUTABLE).toList();
        List<Server> active = usable.stream().filter(s -> !s.backup()).toList();
        // Backups carry the traffic only when no active server can, so only then does their weight count.
        List<Server> carrying = active.isEmpty() ? usable : active;
        StatsRow.Builder row = StatsRow.builder(Type.BACKEND, backend.name(), "BACKEND")
                .number(QCUR, pool.queueLength())
                .number(QMAX, pool.maxQueueLengthSeen())
                .number(SCUR, inPool.stream().mapToLong(ServerSnapshot::inflight).sum())
                .text(STATUS, usable.isEmpty() ? "DOWN" : "UP")
                .number(WEIGHT, carrying.stream().mapToLong(s -> status.get(s.name()).weight()).sum())
                .number(ACT, active.size())
                .number(BCK, usable.size() - active.size())
                .number(LBTOT, inPool.stream().mapToLong(ServerSnapshot::selections).sum());
        traffic(row, counters);
        backendTraffic(row, counters);
        return ids(row, iid, 0).build();
    }

    /** The fields every row type has. */
    private void traffic(StatsRow.Builder row, TrafficCounters counters) {
        row.number(STOT, counters.sessionsTotal())
                .number(BIN, counters.bytesIn())
                .number(BOUT, counters.bytesOut())
                .number(RATE, counters.rate(now.toEpochMilli()))
                .number(RATE_MAX, counters.rateMax())
                .number(HRSP_1XX, counters.responses(1))
                .number(HRSP_2XX, counters.responses(2))
                .number(HRSP_3XX, counters.responses(3))
                .number(HRSP_4XX, counters.responses(4))
                .number(HRSP_5XX, counters.responses(5))
                .number(HRSP_OTHER, counters.responses(0));
    }

    /** The fields of the server side of a proxy, which backends and servers share. */
    private void backendTraffic(StatsRow.Builder row, TrafficCounters counters) {
        long last = counters.lastSessionMillis();
        row.number(ECON, counters.connectionErrors())
                .number(ERESP, counters.responseErrors())
                .number(WRETR, counters.retries())
                .number(WREDIS, counters.redispatches())
                .number(LASTSESS, last == 0 ? -1 : secondsSince(Instant.ofEpochMilli(last)));
    }

    private static StatsRow.Builder ids(StatsRow.Builder row, long iid, long sid) {
        return row.number(PID, PROCESS_NUMBER).number(IID, iid).number(SID, sid);
    }

    private long secondsSince(Instant then) {
        Duration age = Duration.between(then, now);
        return age.isNegative() ? 0 : age.toSeconds();
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        Map<String, T> map = new LinkedHashMap<>();
        items.forEach(item -> map.put(name.apply(item), item));
        return map;
    }
}
