package org.lodestar.stats;

import java.util.function.Function;

/**
 * HAProxy's statistics fields, in the order of its CSV output ("show stat", management guide section
 * 9.1) from {@code pxname} to {@code addr}. The exports iterate this list, so the order here is the
 * column order; {@link StatsRow} has one component per field in the same order.
 */
public enum StatsField {
    PXNAME("pxname", Kind.TEXT, StatsRow::pxname),
    SVNAME("svname", Kind.TEXT, StatsRow::svname),
    QCUR("qcur", Kind.NUMBER, StatsRow::qcur),
    QMAX("qmax", Kind.NUMBER, StatsRow::qmax),
    SCUR("scur", Kind.NUMBER, StatsRow::scur),
    SMAX("smax", Kind.NUMBER, StatsRow::smax),
    SLIM("slim", Kind.NUMBER, StatsRow::slim),
    STOT("stot", Kind.NUMBER, StatsRow::stot),
    BIN("bin", Kind.NUMBER, StatsRow::bin),
    BOUT("bout", Kind.NUMBER, StatsRow::bout),
    DREQ("dreq", Kind.NUMBER, StatsRow::dreq),
    DRESP("dresp", Kind.NUMBER, StatsRow::dresp),
    EREQ("ereq", Kind.NUMBER, StatsRow::ereq),
    ECON("econ", Kind.NUMBER, StatsRow::econ),
    ERESP("eresp", Kind.NUMBER, StatsRow::eresp),
    WRETR("wretr", Kind.NUMBER, StatsRow::wretr),
    WREDIS("wredis", Kind.NUMBER, StatsRow::wredis),
    STATUS("status", Kind.TEXT, StatsRow::status),
    WEIGHT("weight", Kind.NUMBER, StatsRow::weight),
    ACT("act", Kind.NUMBER, StatsRow::act),
    BCK("bck", Kind.NUMBER, StatsRow::bck),
    CHKFAIL("chkfail", Kind.NUMBER, StatsRow::chkfail),
    CHKDOWN("chkdown", Kind.NUMBER, StatsRow::chkdown),
    LASTCHG("lastchg", Kind.NUMBER, StatsRow::lastchg),
    DOWNTIME("downtime", Kind.NUMBER, StatsRow::downtime),
    QLIMIT("qlimit", Kind.NUMBER, StatsRow::qlimit),
    PID("pid", Kind.NUMBER, StatsRow::pid),
    IID("iid", Kind.NUMBER, StatsRow::iid),
    SID("sid", Kind.NUMBER, StatsRow::sid),
    THROTTLE("throttle", Kind.NUMBER, StatsRow::throttle),
    LBTOT("lbtot", Kind.NUMBER, StatsRow::lbtot),
    TRACKED("tracked", Kind.TEXT, StatsRow::tracked),
    TYPE("type", Kind.ROW_TYPE, row -> row.type().code()),
    RATE("rate", Kind.NUMBER, StatsRow::rate),
    RATE_LIM("rate_lim", Kind.NUMBER, StatsRow::rateLim),
    RATE_MAX("rate_max", Kind.NUMBER, StatsRow::rateMax),
    CHECK_STATUS("check_status", Kind.TEXT, StatsRow::checkStatus),
    CHECK_CODE("check_code", Kind.NUMBER, StatsRow::checkCode),
    CHECK_DURATION("check_duration", Kind.NUMBER, StatsRow::checkDuration),
    HRSP_1XX("hrsp_1xx", Kind.NUMBER, StatsRow::hrsp1xx),
    HRSP_2XX("hrsp_2xx", Kind.NUMBER, StatsRow::hrsp2xx),
    HRSP_3XX("hrsp_3xx", Kind.NUMBER, StatsRow::hrsp3xx),
    HRSP_4XX("hrsp_4xx", Kind.NUMBER, StatsRow::hrsp4xx),
    HRSP_5XX("hrsp_5xx", Kind.NUMBER, StatsRow::hrsp5xx),
    HRSP_OTHER("hrsp_other", Kind.NUMBER, StatsRow::hrspOther),
    HANAFAIL("hanafail", Kind.NUMBER, StatsRow::hanafail),
    REQ_RATE("req_rate", Kind.NUMBER, StatsRow::reqRate),
    REQ_RATE_MAX("req_rate_max", Kind.NUMBER, StatsRow::reqRateMax),
    REQ_TOT("req_tot", Kind.NUMBER, StatsRow::reqTot),
    CLI_ABRT("cli_abrt", Kind.NUMBER, StatsRow::cliAbrt),
    SRV_ABRT("srv_abrt", Kind.NUMBER, StatsRow::srvAbrt),
    COMP_IN("comp_in", Kind.NUMBER, StatsRow::compIn),
    COMP_OUT("comp_out", Kind.NUMBER, StatsRow::compOut),
    COMP_BYP("comp_byp", Kind.NUMBER, StatsRow::compByp),
    COMP_RSP("comp_rsp", Kind.NUMBER, StatsRow::compRsp),
    LASTSESS("lastsess", Kind.NUMBER, StatsRow::lastsess),
    LAST_CHK("last_chk", Kind.TEXT, StatsRow::lastChk),
    LAST_AGT("last_agt", Kind.TEXT, StatsRow::lastAgt),
    QTIME("qtime", Kind.NUMBER, StatsRow::qtime),
    CTIME("ctime", Kind.NUMBER, StatsRow::ctime),
    RTIME("rtime", Kind.NUMBER, StatsRow::rtime),
    TTIME("ttime", Kind.NUMBER, StatsRow::ttime),
    AGENT_STATUS("agent_status", Kind.TEXT, StatsRow::agentStatus),
    AGENT_CODE("agent_code", Kind.NUMBER, StatsRow::agentCode),
    AGENT_DURATION("agent_duration", Kind.NUMBER, StatsRow::agentDuration),
    CHECK_DESC("check_desc", Kind.TEXT, StatsRow::checkDesc),
    AGENT_DESC("agent_desc", Kind.TEXT, StatsRow::agentDesc),
    CHECK_RISE("check_rise", Kind.NUMBER, StatsRow::checkRise),
    CHECK_FALL("check_fall", Kind.NUMBER, StatsRow::checkFall),
    CHECK_HEALTH("check_health", Kind.NUMBER, StatsRow::checkHealth),
    AGENT_RISE("agent_rise", Kind.NUMBER, StatsRow::agentRise),
    AGENT_FALL("agent_fall", Kind.NUMBER, StatsRow::agentFall),
    AGENT_HEALTH("agent_health", Kind.NUMBER, StatsRow::agentHealth),
    ADDR("addr", Kind.TEXT, StatsRow::addr);

    /** What a field holds, so a row cannot be built with a number in a text field or the reverse. */
    public enum Kind {
        TEXT, NUMBER,
        /** {@code type}: fixed by the row's {@link StatsRow.Type}. */
        ROW_TYPE
    }

    private final String fieldName;
    private final Kind kind;
    private final Function<StatsRow, Object> accessor;

    StatsField(String fieldName, Kind kind, Function<StatsRow, Object> accessor) {
        this.fieldName = fieldName;
        this.kind = kind;
        this.accessor = accessor;
    }

    /** The name HAProxy gives the field in its CSV header. */
    public String fieldName() {
        return fieldName;
    }

    public Kind kind() {
        return kind;
    }

    /** The field's value in {@code row}: a {@link Number}, a {@link String}, or null when empty. */
    public Object valueIn(StatsRow row) {
        return accessor.apply(row);
    }
}
