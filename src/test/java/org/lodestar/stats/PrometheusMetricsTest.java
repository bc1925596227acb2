package org.lodestar.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lodestar.balance.Lease;
import org.lodestar.server.CheckCode;
import org.lodestar.server.CheckResult;

class PrometheusMetricsTest {
    private static final String CONFIG = """
            frontend WEB
              bind :8080
              maxconn 50
              default_backend APP

            backend APP
              server a1 127.0.0.1:9001 check inter 10s rise 1 fall 1
              server a2 127.0.0.1:9002 check inter 10s rise 1 fall 1
              server a3 127.0.0.1:9003
            """;

    private static final CheckResult ALIVE = CheckResult.httpPassed(200, 250, "200 OK");
    private static final CheckResult REFUSED = CheckResult.failedWithoutResponse(CheckCode.L4CON, 1,
            "Connection refused");

    /** The text as a scraper reads it: the TYPE of each family, and each sample's value by name{labels}. */
    private record Scrape(Map<String, String> types, Map<String, String> samples) {
        static Scrape of(String text) {
            Map<String, String> types = new LinkedHashMap<>();
            Map<String, String> samples = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    String[] parts = line.substring(7).split(" ");
                    assertEquals(2, parts.length, line);
                    types.put(parts[0], parts[1]);
                } else if (!line.startsWith("#") && !line.isEmpty()) {
                    int space = line.lastIndexOf(' ');
                    assertTrue(space > 0, line);
                    assertNull(samples.put(line.substring(0, space), line.substring(space + 1)), "twice: " + line);
                }
            }
            return new Scrape(types, samples);
        }
    }

    private static String text(List<StatsRow> rows) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, PrometheusMetrics.snapshots(rows));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void serversAreUpOrDownWithTheirSessionsLabelledByProxyAndServer() throws Exception {
        RunningConfig running = new RunningConfig(CONFIG);
        running.check("APP", "a1", ALIVE, Duration.ofSeconds(5));
        running.check("APP", "a2", REFUSED, Duration.ofSeconds(5));
        running.stats.frontend("WEB").session(RunningConfig.millisAgo(Duration.ofSeconds(1)));
        running.stats.server("APP", "a1").session(RunningConfig.millisAgo(Duration.ofSeconds(1)));
        running.stats.server("APP", "a1").session(RunningConfig.millisAgo(Duration.ofSeconds(1)));
        running.stats.server("APP", "a1").bytesOut(1234);
        running.stats.server("APP", "a2").connectionError();
        Scrape scrape;
        try (Lease held = running.acquire("APP")) {
            scrape = Scrape.of(text(running.rows()));
        }
        Map<String, String> s = scrape.samples();

        assertEquals("1.0", s.get("lodestar_server_up{proxy=\"APP\",server=\"a1\"}"), s.toString());
        assertEquals("0.0", s.get("lodestar_server_up{proxy=\"APP\",server=\"a2\"}"));
        assertEquals("1.0", s.get("lodestar_server_up{proxy=\"APP\",server=\"a3\"}"), "unchecked: no check");
        assertEquals("1.0", s.get("lodestar_server_current_sessions{proxy=\"APP\",server=\"a1\"}"), "the lease");
        assertEquals("0.0", s.get("lodestar_server_current_sessions{proxy=\"APP\",server=\"a2\"}"));
        assertEquals("2.0", s.get("lodestar_server_sessions_total{proxy=\"APP\",server=\"a1\"}"));
        assertEquals("1234.0", s.get("lodestar_server_bytes_out_total{proxy=\"APP\",server=\"a1\"}"));
        assertEquals("1.0", s.get("lodestar_server_connection_errors_total{proxy=\"APP\",server=\"a2\"}"));
        assertEquals("0.25", s.get("lodestar_server_check_duration_seconds{proxy=\"APP\",server=\"a1\"}"));
        assertFalse(s.containsKey("lodestar_server_check_duration_seconds{proxy=\"APP\",server=\"a3\"}"),
                "an unchecked server has no check duration");

        assertEquals("1.0", s.get("lodestar_backend_up{proxy=\"APP\"}"));
        assertEquals("1.0", s.get("lodestar_frontend_sessions_total{proxy=\"WEB\"}"));
        assertEquals("50.0", s.get("lodestar_frontend_limit_sessions{proxy=\"WEB\"}"));

        Map<String, String> t = scrape.types();
        assertEquals("gauge", t.get("lodestar_server_up"));
        assertEquals("gauge", t.get("lodestar_server_current_sessions"));
        assertEquals("counter", t.get("lodestar_server_sessions_total"));
        assertEquals("counter", t.get("lodestar_server_bytes_in_total"));
        assertEquals("counter", t.get("lodestar_frontend_sessions_total"));
        assertEquals("gauge", t.get("lodestar_backend_up"));
    }

    @Test
    void aBackendWithoutUsableServersIsDown() throws Exception {
        RunningConfig running = new RunningConfig(CONFIG.replace("  server a3 127.0.0.1:9003\n", ""));
        running.check("APP", "a1", REFUSED, Duration.ofSeconds(5));
        running.check("APP", "a2", REFUSED, Duration.ofSeconds(5));
        Map<String, String> s = Scrape.of(text(running.rows())).samples();
        assertEquals("0.0", s.get("lodestar_backend_up{proxy=\"APP\"}"), s.toString());
        assertEquals("0.0", s.get("lodestar_server_up{proxy=\"APP\",server=\"a1\"}"));
    }

    @Test
    void anInstanceOfAClusterLabelsEverySampleWithItsId() throws Exception {
        RunningConfig running = new RunningConfig(CONFIG);
        running.check("APP", "a1", ALIVE, Duration.ofSeconds(5));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, PrometheusMetrics.snapshots(running.rows(),
                java.util.Optional.of("edge-2")));
        Map<String, String> s = Scrape.of(out.toString(StandardCharsets.UTF_8)).samples();
        assertEquals("1.0", s.get("lodestar_server_up{lodestar_instance=\"edge-2\",proxy=\"APP\",server=\"a1\"}"),
                s.toString());
        assertTrue(s.keySet().stream().allMatch(k -> k.contains("lodestar_instance=\"edge-2\"")), s.toString());
    }

    @Test
    void noRowsWriteNoMetrics() throws Exception {
        assertEquals("", text(List.of()));
    }
}
