package org.lodestar.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lodestar.stats.RunningConfig.NOW;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lodestar.balance.Acquisition;
import org.lodestar.balance.Lease;
import org.lodestar.server.AdminCause;
import org.lodestar.server.AdminMode;
import org.lodestar.server.CheckCode;
import org.lodestar.server.CheckResult;

/** Rows built from the real balancer, health and counter objects of a parsed configuration. */
class StatsCollectorTest {
    private static final CheckResult ALIVE = CheckResult.httpPassed(200, 4, "200 OK");
    private static final CheckResult STANDBY = CheckResult.httpFailed(CheckCode.L7RSP, 200, 7,
            "200 OK, body did not match rstring '.+Status.+ALIVE.+'");
    private static final CheckResult REFUSED = CheckResult.failedWithoutResponse(CheckCode.L4CON, 1,
            "Connection refused");

    private static RunningConfig reference() throws Exception {
        return new RunningConfig(Files.readString(Path.of("server-config/lodestar.cfg")));
    }

    private static List<String> names(List<StatsRow> rows) {
        return rows.stream().map(r -> r.pxname() + "/" + r.svname()).toList();
    }

    @Test
    void referenceConfigGivesTheFrontendThenEachServerThenTheBackend() throws Exception {
        RunningConfig running = reference();
        running.check("SRV_SPARK", "spark1", ALIVE, Duration.ofSeconds(30));
        running.check("SRV_SPARK", "spark1", ALIVE, Duration.ofSeconds(20));
        running.check("SRV_SPARK", "spark2", STANDBY, Duration.ofSeconds(30));
        List<StatsRow> rows = running.rows();

        assertEquals(List.of("MGMTSRV/FRONTEND", "SRV_SPARK/spark1", "SRV_SPARK/spark2", "SRV_SPARK/spark3",
                "SRV_SPARK/BACKEND"), names(rows));
        assertEquals(List.of(StatsRow.Type.FRONTEND, StatsRow.Type.SERVER, StatsRow.Type.SERVER,
                StatsRow.Type.SERVER, StatsRow.Type.BACKEND), rows.stream().map(StatsRow::type).toList());
        assertEquals(List.of(1L, 2L, 2L, 2L, 2L), rows.stream().map(StatsRow::iid).toList());
        assertEquals(List.of(0L, 1L, 2L, 3L, 0L), rows.stream().map(StatsRow::sid).toList());

        StatsRow frontend = rows.get(0);
        assertEquals("OPEN", frontend.status());
        assertEquals(100L, frontend.slim(), "maxconn 100 from defaults");
        assertNull(frontend.addr());
        assertNull(frontend.checkStatus());

        StatsRow leader = rows.get(1);
        assertEquals("UP", leader.status());
        assertEquals("L7OK", leader.checkStatus());
        assertEquals(200L, leader.checkCode());
        assertEquals(4L, leader.checkDuration());
        assertEquals("Layer7 check passed", leader.checkDesc());
        assertEquals("200 OK", leader.lastChk());
        assertEquals(List.of(2L, 2L, 3L), List.of(leader.checkRise(), leader.checkFall(), leader.checkHealth()));
        assertEquals("127.0.0.1:18081", leader.addr());
        assertEquals(30L, leader.lastchg(), "UP since the first pass; the second only raised its health");
        assertEquals(0L, leader.downtime());
        assertEquals(-1L, leader.lastsess(), "never given a session");

        StatsRow standby = rows.get(2);
        assertEquals("DOWN", standby.status());
        assertEquals("L7RSP", standby.checkStatus());
        assertEquals("Layer7 invalid response", standby.checkDesc());
        assertEquals(30L, standby.lastchg());
        assertEquals(30L, standby.downtime());
        assertEquals(1L, standby.chkfail(), "the failed first check counts");
        assertEquals(0L, standby.chkdown(), "it was never UP, so it never went down");

        StatsRow unchecked = rows.get(3);
        assertEquals("DOWN", unchecked.status(), "INIT: not routed until its first check");
        assertEquals("INI", unchecked.checkStatus());
        assertEquals("Initializing", unchecked.checkDesc());
        assertNull(unchecked.checkCode());
        assertNull(unchecked.checkDuration());

        StatsRow backend = rows.get(4);
        assertEquals("UP", backend.status());
        assertEquals(List.of(1L, 0L, 1L), List.of(backend.act(), backend.bck(), backend.weight()));
        assertNull(backend.addr());
        assertNull(backend.checkStatus());
    }

    @Test
    void sessionsAndSlotsShowInTheRowsTheyBelongTo() throws Exception {
        RunningConfig running = reference();
        running.check("SRV_SPARK", "spark1", ALIVE, Duration.ofSeconds(30));
        running.stats.frontend("MGMTSRV").session(RunningConfig.millisAgo(Duration.ofMillis(200)));
        running.stats.backend("SRV_SPARK").session(RunningConfig.millisAgo(Duration.ofSeconds(3)));
        running.stats.server("SRV_SPARK", "spark1").session(RunningConfig.millisAgo(Duration.ofSeconds(3)));
        running.stats.server("SRV_SPARK", "spark1").response(200);
        running.stats.server("SRV_SPARK", "spark1").connectionError();
        try (Lease held = running.acquire("SRV_SPARK")) {
            List<StatsRow> rows = running.rows();
            StatsRow frontend = rows.get(0);
            StatsRow spark1 = rows.get(1);
            StatsRow backend = rows.get(4);

            assertEquals(1L, frontend.stot());
            assertEquals(1L, frontend.rate(), "a session 200 ms ago");
            assertEquals(1L, frontend.rateMax());
            assertNull(frontend.lastsess(), "HAProxy has no lastsess for frontends");

            assertEquals(1L, spark1.scur());
            assertEquals(1L, spark1.lbtot());
            assertEquals(1L, spark1.hrsp2xx());
            assertEquals(0L, spark1.hrsp5xx());
            assertEquals(1L, spark1.econ());
            assertEquals(3L, spark1.lastsess());
            assertEquals(0L, spark1.rate(), "3 s ago is outside the last second");
            assertEquals("UP 1/2", spark1.status(), "one pass since INIT: health is rise, one failure from DOWN");

            assertEquals(1L, backend.scur());
            assertEquals(1L, backend.lbtot());
            assertEquals(0L, backend.qcur());
            assertEquals(3L, backend.lastsess());
        }
        assertEquals(0L, running.rows().get(1).scur(), "the slot was released");
    }

    @Test
    void statusFollowsTheRiseAndFallCounter() throws Exception {
        RunningConfig running = reference();
        running.check("SRV_SPARK", "spark1", ALIVE, Duration.ofSeconds(9));
        running.check("SRV_SPARK", "spark1", ALIVE, Duration.ofSeconds(8));
        running.check("SRV_SPARK", "spark1", REFUSED, Duration.ofSeconds(7));
        assertEquals("UP 1/2", running.rows().get(1).status(), "going down: one more failure takes it DOWN");
        assertEquals("L4CON", running.rows().get(1).checkStatus());
        assertNull(running.rows().get(1).checkCode(), "no HTTP response, no code");
        assertEquals("DOWN", running.rows().get(4).status(), "its last check failed, so nothing routes");

        running.check("SRV_SPARK", "spark1", REFUSED, Duration.ofSeconds(6));
        StatsRow down = running.rows().get(1);
        assertEquals("DOWN", down.status());
        assertEquals(1L, down.chkdown());
        assertEquals(2L, down.chkfail());
        assertEquals(6L, down.downtime());

        running.check("SRV_SPARK", "spark1", ALIVE, Duration.ofSeconds(1));
        assertEquals("DOWN 1/2", running.rows().get(1).status(), "going up: one of the two passes seen");
        assertEquals(6L, running.rows().get(1).downtime(), "still DOWN while going up");
    }

    @Test
    void listenSectionsBackupsUncheckedAndDisabledServersInFileOrder() throws Exception {
        RunningConfig running = new RunningConfig("""
                defaults
                  timeout connect 5s
                  timeout client 50s
                  timeout server 50s
                backend first
                  server a 10.0.0.1:80 maxconn 5 maxqueue 7
                frontend fe
                  default_backend first
                listen both
                  server plain 10.0.0.2:8080
                  server off 10.0.0.3:8080 disabled
                  server spare 10.0.0.4:8080 backup check
                """);
        running.check("both", "spare", ALIVE, Duration.ofSeconds(1));
        List<StatsRow> rows = running.rows();

        assertEquals(List.of("first/a", "first/BACKEND", "fe/FRONTEND", "both/FRONTEND", "both/plain", "both/off",
                "both/spare", "both/BACKEND"), names(rows));
        assertEquals(List.of(1L, 1L, 2L, 3L, 3L, 3L, 3L, 3L), rows.stream().map(StatsRow::iid).toList());

        StatsRow a = rows.get(0);
        assertEquals("no check", a.status());
        assertNull(a.checkStatus());
        assertNull(a.checkRise());
        assertEquals(5L, a.slim());
        assertEquals(7L, a.qlimit());

        assertEquals("MAINT", rows.get(5).status());
        StatsRow spare = rows.get(6);
        assertEquals(List.of(0L, 1L), List.of(spare.act(), spare.bck()));
        assertEquals("UP 1/3", spare.status());
        assertNull(rows.get(3).slim(), "no maxconn: unlimited, left empty");

        StatsRow both = rows.get(7);
        assertEquals("UP", both.status());
        assertEquals(List.of(1L, 1L, 1L), List.of(both.act(), both.bck(), both.weight()),
                "backups carry no weight while an active server is up");
    }

    @Test
    void aTrackingServerShowsTheTrackedStateViaItsServer() throws Exception {
        RunningConfig running = new RunningConfig(Files.readString(Path.of("server-config/lodestar.cfg")) + """
                backend SRV_SPARK_REST
                  server rest1 127.0.0.1:6066 track SRV_SPARK/spark1
                """);
        StatsRow rest = running.rows().stream().filter(r -> r.svname().equals("rest1")).findFirst().orElseThrow();
        assertEquals("DOWN", rest.status(), "spark1 is not checked yet");
        running.check("SRV_SPARK", "spark1", ALIVE, Duration.ofSeconds(1));
        rest = running.rows().stream().filter(r -> r.svname().equals("rest1")).findFirst().orElseThrow();
        assertEquals("UP", rest.status());
        assertEquals("via SRV_SPARK/spark1", rest.lastChk());
        assertNull(rest.checkStatus(), "it runs no check of its own");
    }

    @Test
    void aZeroWeightServerIsDraining() throws Exception {
        RunningConfig running = reference();
        running.check("SRV_SPARK", "spark1", ALIVE, Duration.ofSeconds(2));
        running.check("SRV_SPARK", "spark1", ALIVE, Duration.ofSeconds(1));
        running.servers.get("SRV_SPARK", "spark1").setWeight(0, new AdminCause("ops", "weight", "1", "0"), NOW);
        List<StatsRow> rows = running.rows();
        assertEquals("DRAIN", rows.get(1).status());
        assertEquals("DOWN", rows.get(4).status());
    }

    @Test
    void anAdministratorsDrainAndMaintenanceShowAsHaproxyShowsThem() throws Exception {
        RunningConfig running = reference();
        running.check("SRV_SPARK", "spark1", ALIVE, Duration.ofSeconds(2));
        running.check("SRV_SPARK", "spark1", ALIVE, Duration.ofSeconds(1));
        running.check("SRV_SPARK", "spark2", ALIVE, Duration.ofSeconds(2));
        running.check("SRV_SPARK", "spark2", ALIVE, Duration.ofSeconds(1));
        running.servers.get("SRV_SPARK", "spark1").setMode(AdminMode.DRAIN,
                new AdminCause("ops", "state", "READY", "DRAIN"), NOW);
        running.servers.get("SRV_SPARK", "spark2").setMode(AdminMode.MAINT,
                new AdminCause("ops", "state", "READY", "MAINT"), NOW);
        List<StatsRow> rows = running.rows();
        assertEquals("DRAIN", rows.get(1).status());
        assertEquals(1L, rows.get(1).weight(), "drained, its weight kept");
        assertEquals("MAINT", rows.get(2).status());
        assertEquals("DOWN", rows.get(4).status(), "no server left for new requests");
        StringBuilder csv = new StringBuilder();
        CsvExport.write(rows, csv);
        assertTrue(csv.toString().contains("\nSRV_SPARK,spark1,"), csv.toString());
        assertTrue(csv.toString().lines().anyMatch(l -> l.startsWith("SRV_SPARK,spark1,") && l.contains(",DRAIN,")));
        assertTrue(csv.toString().lines().anyMatch(l -> l.startsWith("SRV_SPARK,spark2,") && l.contains(",MAINT,")));
    }

    @Test
    void theBackendIsUpExactlyWhenTheBalancerGrantsARequest() throws Exception {
        RunningConfig running = reference();
        AdminCause drain = new AdminCause("ops", "state", "READY", "DRAIN");
        AdminCause ready = new AdminCause("ops", "state", "DRAIN", "READY");
        List<Runnable> steps = List.of(
                () -> { },
                () -> running.check("SRV_SPARK", "spark1", ALIVE, Duration.ZERO),
                () -> running.check("SRV_SPARK", "spark1", REFUSED, Duration.ZERO),
                () -> running.check("SRV_SPARK", "spark1", ALIVE, Duration.ZERO),
                () -> running.check("SRV_SPARK", "spark1", ALIVE, Duration.ZERO),
                () -> running.servers.get("SRV_SPARK", "spark1").setMode(AdminMode.DRAIN, drain, NOW),
                () -> running.check("SRV_SPARK", "spark2", ALIVE, Duration.ZERO),
                () -> running.servers.get("SRV_SPARK", "spark2").setWeight(0, drain, NOW),
                () -> running.servers.get("SRV_SPARK", "spark1").setMode(AdminMode.READY, ready, NOW));
        List<String> seen = new ArrayList<>();
        for (Runnable step : steps) {
            step.run();
            String shown = running.rows().get(4).status();
            Acquisition outcome = running.acquireNow("SRV_SPARK");
            if (outcome instanceof Acquisition.Granted granted) {
                granted.lease().release();
            }
            seen.add(shown + "/" + (outcome instanceof Acquisition.Granted ? "served" : "refused"));
        }
        assertEquals(List.of("DOWN/refused", "UP/served", "DOWN/refused", "DOWN/refused", "UP/served", "DOWN/refused",
                "UP/served", "DOWN/refused", "UP/served"), seen,
                "the BACKEND row's status and a request's outcome after each step");
    }

    @Test
    void aUserlistIsNeverAProxyOnThePageNorInTheExports() throws Exception {
        String config = Files.readString(Path.of("server-config/lodestar.cfg")) + """

                userlist stats-auth
                  group admin users boss
                  user  boss   password $5$XYZsalt$Nxqt74L7hzQyv25S6x9xa.3nFItQCYSWEwltrzfF7rD
                  user  viewer insecure-password s3cret
                """;
        RunningConfig running = new RunningConfig(config);
        List<StatsRow> rows = running.rows();
        assertEquals(List.of("MGMTSRV/FRONTEND", "SRV_SPARK/spark1", "SRV_SPARK/spark2", "SRV_SPARK/spark3",
                "SRV_SPARK/BACKEND"), names(rows));
        assertEquals(List.of("MGMTSRV", "SRV_SPARK"),
                StatsPageRows.tables(rows, "", false).stream().map(StatsPageRows.Table::name).toList());
        StringBuilder exports = new StringBuilder();
        CsvExport.write(rows, exports);
        JsonExport.write(rows, exports);
        java.io.ByteArrayOutputStream metrics = new java.io.ByteArrayOutputStream();
        io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create()
                .write(metrics, PrometheusMetrics.snapshots(rows));
        exports.append(metrics.toString(java.nio.charset.StandardCharsets.UTF_8));
        for (String word : List.of("stats-auth", "boss", "viewer")) {
            assertFalse(exports.toString().contains(word), word + " in " + exports);
        }
    }
}
