package org.lodestar.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns statistics rows into the cells of the HTML statistics page, laid out like HAProxy's: one table
 * per proxy (frontend row, server rows, backend row), HAProxy's column groups, its abbreviations for
 * durations ({@code 1h2m}, {@code 5s}), thousands grouped, and its row classes for the status colours.
 * Every cell is plain text: the page escapes it.
 */
public final class StatsPageRows {
    private StatsPageRows() {
    }

    /** One proxy's table. */
    public record Table(String name, List<Cells> rows) {
        public Table {
            rows = List.copyOf(rows);
        }
    }

    /**
     * One line of a table, each component a column of HAProxy's page. {@code css} names the colour:
     * {@code frontend}, {@code backend}, or for servers {@code active_up}, {@code backup_down} and so on.
     */
    public record Cells(String css, String name, String title,
                        String qcur, String qmax, String qlimit,
                        String rate, String rateMax, String rateLim,
                        String scur, String smax, String slim, String stot, String lbtot, String last,
                        String bin, String bout,
                        String dreq, String dresp,
                        String ereq, String econ, String eresp,
                        String wretr, String wredis,
                        String status, String lastChk, String lastChkTitle,
                        String weight, String act, String bck, String chk, String dwn, String dwntme,
                        String thrtle) {
    }

    /**
     * The tables in row order.
     *
     * @param scope    only proxies whose name contains this text (ignoring case); empty for all
     * @param hideDown leave out servers that are DOWN (including going up) or in maintenance, as
     *                 HAProxy's "Hide 'DOWN' servers"
     */
    public static List<Table> tables(List<StatsRow> rows, String scope, boolean hideDown) {
        String wanted = scope == null ? "" : scope.strip().toLowerCase(Locale.ROOT);
        Map<String, List<Cells>> byProxy = new LinkedHashMap<>();
        for (StatsRow row : rows) {
            if (!row.pxname().toLowerCase(Locale.ROOT).contains(wanted)) {
                continue;
            }
            if (hideDown && row.type() == StatsRow.Type.SERVER && isDown(row.status())) {
                continue;
            }
            byProxy.computeIfAbsent(row.pxname(), name -> new ArrayList<>()).add(cells(row));
        }
        List<Table> tables = new ArrayList<>();
        byProxy.forEach((name, cells) -> tables.add(new Table(name, cells)));
        return tables;
    }

    private static boolean isDown(String status) {
        return status != null && (status.startsWith("DOWN") || status.equals("MAINT"));
    }

    public static Cells cells(StatsRow row) {
        boolean server = row.type() == StatsRow.Type.SERVER;
        String status = row.status() == null ? "" : row.status();
        if (row.lastchg() != null && row.checkStatus() != null) {
            status = duration(row.lastchg()) + " " + status;
        }
        return new Cells(css(row), row.svname(), row.addr() == null ? "" : row.addr(),
                number(row.qcur()), number(row.qmax()), number(row.qlimit()),
                number(row.rate()), number(row.rateMax()), number(row.rateLim()),
                number(row.scur()), number(row.smax()), number(row.slim()), number(row.stot()),
                number(row.lbtot()), row.lastsess() == null ? "" : lastSession(row.lastsess()),
                number(row.bin()), number(row.bout()),
                number(row.dreq()), number(row.dresp()),
                number(row.ereq()), number(row.econ()), number(row.eresp()),
                number(row.wretr()), number(row.wredis()),
                status, lastCheck(row), lastCheckTitle(row),
                number(row.weight()), server ? yesNo(row.act()) : number(row.act()),
                server ? yesNo(row.bck()) : number(row.bck()),
                number(row.chkfail()), number(row.chkdown()),
                row.downtime() == null ? "" : duration(row.downtime()),
                row.throttle() != null ? row.throttle() + " %" : server ? "-" : "");
    }

    /** HAProxy's row class, which the stylesheet colours. */
    static String css(StatsRow row) {
        if (row.type() == StatsRow.Type.FRONTEND) {
            return "frontend";
        }
        if (row.type() == StatsRow.Type.BACKEND) {
            return "backend";
        }
        String status = row.status() == null ? "" : row.status();
        if (status.equals("MAINT")) {
            return "maint";
        }
        String kind = row.bck() != null && row.bck() > 0 ? "backup" : "active";
        String state;
        if (status.equals("no check")) {
            state = "no_check";
        } else if (status.equals("DRAIN") || status.startsWith("DRAIN ")) {
            state = "nolb";
        } else if (status.startsWith("UP ")) {
            state = "going_down";
        } else if (status.startsWith("DOWN ")) {
            state = "going_up";
        } else if (status.equals("UP")) {
            state = "up";
        } else {
            state = "down";
        }
        return kind + "_" + state;
    }

    /** {@code L7OK/200 in 3ms}, as HAProxy's LastChk column; empty for a server without checks. */
    static String lastCheck(StatsRow row) {
        if (row.checkStatus() == null) {
            return "";
        }
        StringBuilder text = new StringBuilder(row.checkStatus());
        if (row.checkCode() != null) {
            text.append('/').append(row.checkCode());
        }
        if (row.checkDuration() != null) {
            text.append(" in ").append(row.checkDuration()).append("ms");
        }
        return text.toString();
    }

    /** The tooltip of the LastChk cell: the check's description and what it found. */
    static String lastCheckTitle(StatsRow row) {
        if (row.checkDesc() == null) {
            return "";
        }
        return row.lastChk() == null ? row.checkDesc() : row.checkDesc() + ": " + row.lastChk();
    }

    /**
     * A duration in HAProxy's short form: its two most significant units among days, hours, minutes and
     * seconds ({@code 2d3h}, {@code 1h2m}, {@code 4m0s}, {@code 5s}).
     */
    public static String duration(long seconds) {
        if (seconds < 0) {
            return "-";
        }
        long days = seconds / 86_400;
        long hours = seconds / 3_600 % 24;
        long minutes = seconds / 60 % 60;
        long secs = seconds % 60;
        if (days > 0) {
            return days + "d" + hours + "h";
        }
        if (hours > 0) {
            return hours + "h" + minutes + "m";
        }
        if (minutes > 0) {
            return minutes + "m" + secs + "s";
        }
        return secs + "s";
    }

    /** HAProxy's "Last" session column: {@code never} when there was none. */
    static String lastSession(long seconds) {
        return seconds < 0 ? "never" : duration(seconds);
    }

    /** A counter with its thousands grouped ({@code 12 345 678}); empty when the field is empty. */
    public static String number(Long value) {
        if (value == null) {
            return "";
        }
        String digits = Long.toString(Math.abs(value));
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                grouped.append(' ');
            }
            grouped.append(digits.charAt(i));
        }
        return value < 0 ? "-" + grouped : grouped.toString();
    }

    private static String yesNo(Long flag) {
        if (flag == null) {
            return "";
        }
        return flag > 0 ? "Y" : "-";
    }

    /** Process uptime as HAProxy's info block shows it: {@code 0d 1h02m03s}. */
    public static String uptime(long seconds) {
        long s = Math.max(0, seconds);
        return String.format(Locale.ROOT, "%dd %dh%02dm%02ds", s / 86_400, s / 3_600 % 24, s / 60 % 60, s % 60);
    }
}
