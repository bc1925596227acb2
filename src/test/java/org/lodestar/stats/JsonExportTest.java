package org.lodestar.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lodestar.server.CheckCode;
import org.lodestar.server.CheckResult;

class JsonExportTest {
    private static final String HOSTILE = "say \"hi\" \\ to\n\tthe\u0001 </script> é";

    private static String json(List<StatsRow> rows) throws Exception {
        StringBuilder out = new StringBuilder();
        JsonExport.write(rows, out);
        return out.toString();
    }

    private static RunningConfig reference() throws Exception {
        return new RunningConfig(Files.readString(Path.of("server-config/lodestar.cfg")));
    }

    @Test
    void oneObjectPerRowKeyedByFieldNameWithNumbersAsNumbers() throws Exception {
        RunningConfig running = reference();
        running.check("SRV_SPARK", "spark1", CheckResult.httpPassed(200, 4, "200 OK"), Duration.ofSeconds(5));
        List<Map<String, Object>> rows = new MiniJson(json(running.rows())).array();

        assertEquals(5, rows.size());
        assertEquals(Map.of("pxname", "MGMTSRV", "svname", "FRONTEND", "status", "OPEN", "type", 0L),
                pick(rows.get(0), "pxname", "svname", "status", "type"));
        assertEquals(Map.of("svname", "spark1", "check_status", "L7OK", "check_code", 200L, "addr", "127.0.0.1:18081"),
                pick(rows.get(1), "svname", "check_status", "check_code", "addr"));
        assertEquals(Map.of("svname", "BACKEND", "status", "UP", "type", 1L),
                pick(rows.get(4), "svname", "status", "type"));
        assertFalse(rows.get(0).containsKey("addr"), "empty fields are left out");
        assertFalse(rows.get(4).containsKey("check_status"));
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() throws Exception {
        RunningConfig running = reference();
        running.check("SRV_SPARK", "spark2", CheckResult.httpFailed(CheckCode.L7RSP, 200, 3, HOSTILE),
                Duration.ofSeconds(5));
        String json = json(running.rows());

        assertEquals(HOSTILE, new MiniJson(json).array().get(2).get("last_chk"));
        assertTrue(json.contains("\"say \\\"hi\\\" \\\\ to\\n\\tthe\\u0001 </script> é\""), json);
        assertTrue(json.chars().noneMatch(c -> c < 0x20 && c != '\n'), "no raw control characters");
    }

    @Test
    void anInstanceOfAClusterNamesItselfInEveryObject() throws Exception {
        RunningConfig running = reference();
        StringBuilder out = new StringBuilder();
        JsonExport.write(running.rows(), java.util.Optional.of("edge-2"), out);
        List<Map<String, Object>> rows = new MiniJson(out.toString()).array();
        assertEquals(5, rows.size());
        assertTrue(rows.stream().allMatch(r -> "edge-2".equals(r.get("lodestar_instance"))), rows.toString());
        assertEquals(null, new MiniJson(json(running.rows())).array().get(0).get("lodestar_instance"));
    }

    @Test
    void noRowsIsAnEmptyArray() throws Exception {
        assertEquals("[]\n", json(List.of()));
    }

    private static Map<String, Object> pick(Map<String, Object> row, String... keys) {
        Map<String, Object> picked = new LinkedHashMap<>();
        for (String key : keys) {
            picked.put(key, row.get(key));
        }
        return picked;
    }
}
