package org.lodestar.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lodestar.server.CheckCode;
import org.lodestar.server.CheckResult;

class CsvExportTest {
    /** HAProxy 2.x's header from pxname to addr (management guide, section 9.1). */
    private static final String HAPROXY_HEADER = "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,"
            + "ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,"
            + "sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,"
            + "hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,"
            + "cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,"
            + "ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,"
            + "check_health,agent_rise,agent_fall,agent_health,addr,";

    private static String csv(List<StatsRow> rows) throws Exception {
        StringBuilder out = new StringBuilder();
        CsvExport.write(rows, out);
        return out.toString();
    }

    /** Reads the CSV as a script would: header names without "# ", each line split on commas. */
    private static List<Map<String, String>> parse(String csv) {
        List<String> lines = Arrays.asList(csv.split("\n", -1));
        assertEquals("", lines.get(lines.size() - 1), "every line ends with a newline");
        List<String> header = fields(lines.get(0).substring(2));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size() - 1)) {
            List<String> values = fields(line);
            assertEquals(header.size(), values.size(), "one value per header field: " + line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), values.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    /** HAProxy ends every line with a comma, so the last split element is empty and not a field. */
    private static List<String> fields(String line) {
        List<String> parts = Arrays.asList(line.split(",", -1));
        assertEquals("", parts.get(parts.size() - 1), "trailing comma: " + line);
        return parts.subList(0, parts.size() - 1);
    }

    private static RunningConfig reference() throws Exception {
        return new RunningConfig(Files.readString(Path.of("server-config/lodestar.cfg")));
    }

    @Test
    void headerIsHaproxysUpToAddr() throws Exception {
        String firstLine = csv(List.of()).split("\n")[0];
        assertEquals(HAPROXY_HEADER, firstLine);
    }

    @Test
    void rowsReadBackByFieldName() throws Exception {
        RunningConfig running = reference();
        running.check("SRV_SPARK", "spark1", CheckResult.httpPassed(200, 4, "200 OK"), Duration.ofSeconds(5));
        List<Map<String, String>> rows = parse(csv(running.rows()));

        assertEquals(5, rows.size());
        Map<String, String> frontend = rows.get(0);
        assertEquals(List.of("MGMTSRV", "FRONTEND", "OPEN", "0", "", ""), List.of(frontend.get("pxname"),
                frontend.get("svname"), frontend.get("status"), frontend.get("type"), frontend.get("check_status"),
                frontend.get("addr")));

        Map<String, String> spark1 = rows.get(1);
        assertEquals(List.of("SRV_SPARK", "spark1", "UP 1/2", "2", "L7OK", "127.0.0.1:18081", "200"),
                List.of(spark1.get("pxname"), spark1.get("svname"), spark1.get("status"), spark1.get("type"),
                        spark1.get("check_status"), spark1.get("addr"), spark1.get("check_code")));

        Map<String, String> spark3 = rows.get(3);
        assertEquals(List.of("spark3", "DOWN", "INI", "127.0.0.1:18083"), List.of(spark3.get("svname"),
                spark3.get("status"), spark3.get("check_status"), spark3.get("addr")));

        Map<String, String> backend = rows.get(4);
        assertEquals(List.of("SRV_SPARK", "BACKEND", "UP", "1", "", ""), List.of(backend.get("pxname"),
                backend.get("svname"), backend.get("status"), backend.get("type"), backend.get("check_status"),
                backend.get("addr")));
        assertEquals("", backend.get("agent_status"), "what Lodestar does not measure is empty");
    }

    @Test
    void anInstanceOfAClusterAddsItsIdAsTheLastField() throws Exception {
        RunningConfig running = reference();
        StringBuilder out = new StringBuilder();
        CsvExport.write(running.rows(), java.util.Optional.of("edge-2"), out);
        assertTrue(out.toString().startsWith(HAPROXY_HEADER + "lodestar_instance,\n"), out.toString());
        List<Map<String, String>> rows = parse(out.toString());
        assertEquals(5, rows.size());
        assertTrue(rows.stream().allMatch(r -> "edge-2".equals(r.get("lodestar_instance"))), rows.toString());
        assertEquals(parse(csv(running.rows())).get(1).get("addr"), rows.get(1).get("addr"));
    }

    @Test
    void aHostileCheckDescriptionCannotBreakTheFormat() throws Exception {
        RunningConfig running = reference();
        running.check("SRV_SPARK", "spark2",
                CheckResult.httpFailed(CheckCode.L7STS, 500, 3, "a,b\nc\r\u0007d"), Duration.ofSeconds(5));
        String csv = csv(running.rows());
        List<Map<String, String>> rows = parse(csv);

        assertEquals(5, rows.size(), "still one line per row");
        assertEquals("a b c  d", rows.get(2).get("last_chk"));
        assertEquals("L7STS", rows.get(2).get("check_status"));
        assertEquals("127.0.0.1:18082", rows.get(2).get("addr"), "fields after it stay in place");
        assertTrue(csv.chars().filter(c -> c == '\n').count() == 6 && csv.indexOf('\r') < 0);
    }
}
