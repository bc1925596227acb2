package org.lodestar.stats;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.lodestar.stats.StatsRow.Type;

/**
 * The statistics rows as Prometheus metrics, named in the style of the HAProxy exporter
 * ({@code lodestar_server_up}, {@code lodestar_backend_current_sessions}, …). Built afresh from the rows
 * of each scrape; the text format itself is the client library's. Servers are labelled {@code proxy}
 * and {@code server}, frontends and backends {@code proxy}. Counters are named without {@code _total},
 * which the writer appends. A field the row leaves empty gives no sample.
 */
public final class PrometheusMetrics {
    private static final String PREFIX = "lodestar_";

    private PrometheusMetrics() {
    }

    /** HAProxy's statuses in which a server takes (or may take) traffic, as the HAProxy exporter reads them. */
    static boolean serverUp(String status) {
        return status != null && (status.startsWith("UP") || status.equals("no check") || status.equals("DRAIN"));
    }

    public static MetricSnapshots snapshots(List<StatsRow> rows) {
        return snapshots(rows, Optional.empty());
    }

    /**
     * @param instance the instance id in a cluster: every sample then carries the label {@code lodestar_instance}
     *                 (not {@code instance}, which Prometheus sets to the scraped target)
     */
    public static MetricSnapshots snapshots(List<StatsRow> rows, Optional<String> instance) {
        Labels extra = instance.map(id -> Labels.of(CsvExport.INSTANCE_FIELD, id)).orElse(Labels.EMPTY);
        List<StatsRow> frontends = rows.stream().filter(r -> r.type() == Type.FRONTEND).toList();
        List<StatsRow> backends = rows.stream().filter(r -> r.type() == Type.BACKEND).toList();
        List<StatsRow> servers = rows.stream().filter(r -> r.type() == Type.SERVER).toList();
        List<MetricSnapshot> metrics = new ArrayList<>();

        gauge(metrics, extra, "frontend_current_sessions", "Current sessions of the frontend.", frontends, StatsRow::scur);
        gauge(metrics, extra, "frontend_limit_sessions", "Configured session limit (maxconn) of the frontend.",
                frontends, StatsRow::slim);
        counter(metrics, extra, "frontend_sessions", "Sessions the frontend has accepted.", frontends, StatsRow::stot);
        counter(metrics, extra, "frontend_bytes_in", "Request bytes the frontend has received.", frontends, StatsRow::bin);
        counter(metrics, extra, "frontend_bytes_out", "Response bytes the frontend has sent.", frontends, StatsRow::bout);
        counter(metrics, extra, "frontend_request_errors", "Request errors of the frontend.", frontends, StatsRow::ereq);

        gauge(metrics, extra, "backend_up", "1 when the backend has a server that can take traffic, else 0.", backends,
                r -> r.status() == null ? null : "UP".equals(r.status()) ? 1L : 0L);
        gauge(metrics, extra, "backend_current_queue", "Requests waiting for a server of the backend.", backends,
                StatsRow::qcur);
        gauge(metrics, extra, "backend_current_sessions", "Current sessions of the backend.", backends, StatsRow::scur);
        gauge(metrics, extra, "backend_active_servers", "Usable active servers of the backend.", backends, StatsRow::act);
        gauge(metrics, extra, "backend_backup_servers", "Usable backup servers of the backend.", backends, StatsRow::bck);
        counter(metrics, extra, "backend_sessions", "Sessions the backend has handled.", backends, StatsRow::stot);
        counter(metrics, extra, "backend_bytes_in", "Request bytes the backend has sent on.", backends, StatsRow::bin);
        counter(metrics, extra, "backend_bytes_out", "Response bytes the backend has returned.", backends, StatsRow::bout);
        counter(metrics, extra, "backend_connection_errors", "Failed connections to the backend's servers.", backends,
                StatsRow::econ);
        counter(metrics, extra, "backend_response_errors", "Invalid responses from the backend's servers.", backends,
                StatsRow::eresp);

        gauge(metrics, extra, "server_up", "1 when the server takes traffic (UP, DRAIN, no check), else 0.", servers,
                r -> r.status() == null ? null : serverUp(r.status()) ? 1L : 0L);
        gaugeScaled(metrics, extra, "server_check_duration_seconds", "Duration of the server's last health check.",
                servers, StatsRow::checkDuration, 1000.0);
        gauge(metrics, extra, "server_weight", "Current weight of the server.", servers, StatsRow::weight);
        gauge(metrics, extra, "server_current_sessions", "Current sessions of the server.", servers, StatsRow::scur);
        counter(metrics, extra, "server_sessions", "Sessions the server has handled.", servers, StatsRow::stot);
        counter(metrics, extra, "server_bytes_in", "Request bytes sent to the server.", servers, StatsRow::bin);
        counter(metrics, extra, "server_bytes_out", "Response bytes received from the server.", servers, StatsRow::bout);
        counter(metrics, extra, "server_connection_errors", "Failed connections to the server.", servers, StatsRow::econ);
        counter(metrics, extra, "server_response_errors", "Invalid responses from the server.", servers, StatsRow::eresp);
        counter(metrics, extra, "server_check_failures", "Failed health checks of the server.", servers,
                StatsRow::chkfail);
        counter(metrics, extra, "server_downs", "Transitions of the server from UP to DOWN.", servers, StatsRow::chkdown);
        return new MetricSnapshots(metrics);
    }

    private static Labels labels(StatsRow row, Labels extra) {
        return (row.type() == Type.SERVER
                ? Labels.of("proxy", row.pxname(), "server", row.svname())
                : Labels.of("proxy", row.pxname())).merge(extra);
    }

    private static void gauge(List<MetricSnapshot> metrics, Labels extra, String name, String help,
                              List<StatsRow> rows, Function<StatsRow, Long> field) {
        gaugeScaled(metrics, extra, name, help, rows, field, 1.0);
    }

    private static void gaugeScaled(List<MetricSnapshot> metrics, Labels extra, String name, String help,
                                    List<StatsRow> rows, Function<StatsRow, Long> field, double divisor) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(PREFIX + name).help(help);
        int points = 0;
        for (StatsRow row : rows) {
            Long value = field.apply(row);
            if (value != null) {
                gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(labels(row, extra)).value(value / divisor).build());
                points++;
            }
        }
        if (points > 0) {
            metrics.add(gauge.build());
        }
    }

    private static void counter(List<MetricSnapshot> metrics, Labels extra, String name, String help, List<StatsRow> rows,
                                Function<StatsRow, Long> field) {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(PREFIX + name).help(help);
        int points = 0;
        for (StatsRow row : rows) {
            Long value = field.apply(row);
            // A counter never goes negative; HAProxy's -1 ("never") is not a count.
            if (value != null && value >= 0) {
                counter.dataPoint(CounterDataPointSnapshot.builder().labels(labels(row, extra)).value(value).build());
                points++;
            }
        }
        if (points > 0) {
            metrics.add(counter.build());
        }
    }
}
