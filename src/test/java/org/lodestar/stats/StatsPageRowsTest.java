package org.lodestar.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lodestar.stats.StatsField.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lodestar.stats.StatsRow.Type;

class StatsPageRowsTest {
    @Test
    void durationsUseHaproxysTwoLargestUnits() {
        assertEquals("0s", StatsPageRows.duration(0));
        assertEquals("5s", StatsPageRows.duration(5));
        assertEquals("1m0s", StatsPageRows.duration(60));
        assertEquals("4m7s", StatsPageRows.duration(247));
        assertEquals("1h2m", StatsPageRows.duration(3_725));
        assertEquals("2d3h", StatsPageRows.duration(2 * 86_400 + 3 * 3_600 + 59));
        assertEquals("-", StatsPageRows.duration(-1));
    }

    @Test
    void countersAreGroupedByThousands() {
        assertEquals("", StatsPageRows.number(null));
        assertEquals("0", StatsPageRows.number(0L));
        assertEquals("999", StatsPageRows.number(999L));
        assertEquals("1 000", StatsPageRows.number(1_000L));
        assertEquals("12 345 678", StatsPageRows.number(12_345_678L));
        assertEquals("-1 234", StatsPageRows.number(-1_234L));
    }

    @Test
    void uptimeLikeHaproxysInfoBlock() {
        assertEquals("0d 0h00m05s", StatsPageRows.uptime(5));
        assertEquals("1d 2h03m04s", StatsPageRows.uptime(86_400 + 2 * 3_600 + 3 * 60 + 4));
    }

    @Test
    void serverRowShowsStatusAgeLastCheckAndTooltip() {
        StatsRow row = server("spark1", "UP").number(LASTCHG, 3_725).number(CHECK_CODE, 200)
                .number(CHECK_DURATION, 3).text(CHECK_STATUS, "L7OK").text(CHECK_DESC, "Layer7 check passed")
                .text(LAST_CHK, "200 OK").number(CHKFAIL, 2).number(CHKDOWN, 1).number(DOWNTIME, 65)
                .number(LASTSESS, -1).number(BIN, 1_234_567).build();
        StatsPageRows.Cells cells = StatsPageRows.cells(row);
        assertEquals("active_up", cells.css());
        assertEquals("1h2m UP", cells.status());
        assertEquals("L7OK/200 in 3ms", cells.lastChk());
        assertEquals("Layer7 check passed: 200 OK", cells.lastChkTitle());
        assertEquals("Y", cells.act());
        assertEquals("-", cells.bck());
        assertEquals("2", cells.chk());
        assertEquals("1", cells.dwn());
        assertEquals("1m5s", cells.dwntme());
        assertEquals("never", cells.last());
        assertEquals("1 234 567", cells.bin());
        assertEquals("-", cells.thrtle());
        assertEquals("127.0.0.1:1", cells.title());
    }

    @Test
    void rowClassesFollowHaproxysColours() {
        assertEquals("active_up", StatsPageRows.css(server("a", "UP").build()));
        assertEquals("active_down", StatsPageRows.css(server("a", "DOWN").build()));
        assertEquals("active_going_down", StatsPageRows.css(server("a", "UP 1/2").build()));
        assertEquals("active_going_up", StatsPageRows.css(server("a", "DOWN 1/2").build()));
        assertEquals("active_no_check", StatsPageRows.css(server("a", "no check").build()));
        assertEquals("active_nolb", StatsPageRows.css(server("a", "DRAIN").build()));
        assertEquals("maint", StatsPageRows.css(server("a", "MAINT").build()));
        assertEquals("backup_up", StatsPageRows.css(server("a", "UP").number(BCK, 1).build()));
        assertEquals("frontend", StatsPageRows.css(StatsRow.builder(Type.FRONTEND, "f", "FRONTEND").build()));
        assertEquals("backend", StatsPageRows.css(StatsRow.builder(Type.BACKEND, "b", "BACKEND").build()));
    }

    @Test
    void serverWithoutCheckHasNoLastCheck() {
        StatsPageRows.Cells cells = StatsPageRows.cells(server("a", "no check").build());
        assertEquals("", cells.lastChk());
        assertEquals("", cells.lastChkTitle());
        assertEquals("no check", StatsPageRows.cells(server("a", "no check").number(LASTCHG, 5).build()).status());
    }

    @Test
    void tablesPerProxyFilteredByScopeAndDownServers() {
        List<StatsRow> rows = List.of(
                StatsRow.builder(Type.FRONTEND, "WEB", "FRONTEND").text(STATUS, "OPEN").build(),
                server("up1", "UP").build(),
                server("down1", "DOWN").build(),
                server("rising", "DOWN 1/2").build(),
                server("maint", "MAINT").build(),
                StatsRow.builder(Type.BACKEND, "APP", "BACKEND").text(STATUS, "UP").build());
        List<StatsPageRows.Table> all = StatsPageRows.tables(rows, "", false);
        assertEquals(List.of("WEB", "APP"), all.stream().map(StatsPageRows.Table::name).toList());
        assertEquals(List.of("up1", "down1", "rising", "maint", "BACKEND"), names(all.get(1)));

        List<StatsPageRows.Table> up = StatsPageRows.tables(rows, null, true);
        assertEquals(List.of("up1", "BACKEND"), names(up.get(1)));

        List<StatsPageRows.Table> scoped = StatsPageRows.tables(rows, " ap ", false);
        assertEquals(List.of("APP"), scoped.stream().map(StatsPageRows.Table::name).toList());
    }

    private static List<String> names(StatsPageRows.Table table) {
        return table.rows().stream().map(StatsPageRows.Cells::name).toList();
    }

    private static StatsRow.Builder server(String name, String status) {
        return StatsRow.builder(Type.SERVER, "APP", name).text(STATUS, status).number(ACT, 1).number(BCK, 0)
                .text(ADDR, "127.0.0.1:1");
    }
}
