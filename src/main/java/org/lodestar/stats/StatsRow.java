package org.lodestar.stats;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of HAProxy's statistics: a frontend, a backend or a server. Each component is the HAProxy
 * CSV field of the same name (camelCase), in CSV order, with HAProxy's meaning; see {@link StatsField}.
 * A null component is an empty field: HAProxy leaves a field empty where it does not apply to the
 * row's type, and Lodestar also leaves empty what it does not measure.
 */
public record StatsRow(
                       String pxname,
                       String svname,
                       Long qcur,
                       Long qmax,
                       Long scur,
                       Long smax,
                       Long slim,
                       Long stot,
                       Long bin,
                       Long bout,
                       Long dreq,
                       Long dresp,
                       Long ereq,
                       Long econ,
                       Long eresp,
                       Long wretr,
                       Long wredis,
                       String status,
                       Long weight,
                       Long act,
                       Long bck,
                       Long chkfail,
                       Long chkdown,
                       Long lastchg,
                       Long downtime,
                       Long qlimit,
                       Long pid,
                       Long iid,
                       Long sid,
                       Long throttle,
                       Long lbtot,
                       String tracked,
                       Type type,
                       Long rate,
                       Long rateLim,
                       Long rateMax,
                       String checkStatus,
                       Long checkCode,
                       Long checkDuration,
                       Long hrsp1xx,
                       Long hrsp2xx,
                       Long hrsp3xx,
                       Long hrsp4xx,
                       Long hrsp5xx,
                       Long hrspOther,
                       Long hanafail,
                       Long reqRate,
                       Long reqRateMax,
                       Long reqTot,
                       Long cliAbrt,
                       Long srvAbrt,
                       Long compIn,
                       Long compOut,
                       Long compByp,
                       Long compRsp,
                       Long lastsess,
                       String lastChk,
                       String lastAgt,
                       Long qtime,
                       Long ctime,
                       Long rtime,
                       Long ttime,
                       String agentStatus,
                       Long agentCode,
                       Long agentDuration,
                       String checkDesc,
                       String agentDesc,
                       Long checkRise,
                       Long checkFall,
                       Long checkHealth,
                       Long agentRise,
                       Long agentFall,
                       Long agentHealth,
                       String addr) {
    public StatsRow {
        Objects.requireNonNull(pxname, "pxname");
        Objects.requireNonNull(svname, "svname");
        Objects.requireNonNull(type, "type");
    }

    /** HAProxy's {@code type} field. */
    public enum Type {
        FRONTEND(0), BACKEND(1), SERVER(2);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    public static Builder builder(Type type, String pxname, String svname) {
        return new Builder(type, pxname, svname);
    }

    /**
     * Sets fields by {@link StatsField} rather than by position among 74 constructor arguments; a field
     * never set stays empty.
     */
    public static final class Builder {
        private final Type type;
        private final Map<StatsField, Object> values = new EnumMap<>(StatsField.class);

        private Builder(Type type, String pxname, String svname) {
            this.type = Objects.requireNonNull(type, "type");
            text(StatsField.PXNAME, pxname);
            text(StatsField.SVNAME, svname);
        }

        public Builder number(StatsField field, long value) {
            values.put(require(field, StatsField.Kind.NUMBER), value);
            return this;
        }

        public Builder text(StatsField field, String value) {
            values.put(require(field, StatsField.Kind.TEXT), Objects.requireNonNull(value, field.fieldName()));
            return this;
        }

        public StatsRow build() {
            return new StatsRow(
                    textOf(StatsField.PXNAME),
                    textOf(StatsField.SVNAME),
                    numberOf(StatsField.QCUR),
                    numberOf(StatsField.QMAX),
                    numberOf(StatsField.SCUR),
                    numberOf(StatsField.SMAX),
                    numberOf(StatsField.SLIM),
                    numberOf(StatsField.STOT),
                    numberOf(StatsField.BIN),
                    numberOf(StatsField.BOUT),
                    numberOf(StatsField.DREQ),
                    numberOf(StatsField.DRESP),
                    numberOf(StatsField.EREQ),
                    numberOf(StatsField.ECON),
                    numberOf(StatsField.ERESP),
                    numberOf(StatsField.WRETR),
                    numberOf(StatsField.WREDIS),
                    textOf(StatsField.STATUS),
                    numberOf(StatsField.WEIGHT),
                    numberOf(StatsField.ACT),
                    numberOf(StatsField.BCK),
                    numberOf(StatsField.CHKFAIL),
                    numberOf(StatsField.CHKDOWN),
                    numberOf(StatsField.LASTCHG),
                    numberOf(StatsField.DOWNTIME),
                    numberOf(StatsField.QLIMIT),
                    numberOf(StatsField.PID),
                    numberOf(StatsField.IID),
                    numberOf(StatsField.SID),
                    numberOf(StatsField.THROTTLE),
                    numberOf(StatsField.LBTOT),
                    textOf(StatsField.TRACKED),
                    type,
                    numberOf(StatsField.RATE),
                    numberOf(StatsField.RATE_LIM),
                    numberOf(StatsField.RATE_MAX),
                    textOf(StatsField.CHECK_STATUS),
                    numberOf(StatsField.CHECK_CODE),
                    numberOf(StatsField.CHECK_DURATION),
                    numberOf(StatsField.HRSP_1XX),
                    numberOf(StatsField.HRSP_2XX),
                    numberOf(StatsField.HRSP_3XX),
                    numberOf(StatsField.HRSP_4XX),
                    numberOf(StatsField.HRSP_5XX),
                    numberOf(StatsField.HRSP_OTHER),
                    numberOf(StatsField.HANAFAIL),
                    numberOf(StatsField.REQ_RATE),
                    numberOf(StatsField.REQ_RATE_MAX),
                    numberOf(StatsField.REQ_TOT),
                    numberOf(StatsField.CLI_ABRT),
                    numberOf(StatsField.SRV_ABRT),
                    numberOf(StatsField.COMP_IN),
                    numberOf(StatsField.COMP_OUT),
                    numberOf(StatsField.COMP_BYP),
                    numberOf(StatsField.COMP_RSP),
                    numberOf(StatsField.LASTSESS),
                    textOf(StatsField.LAST_CHK),
                    textOf(StatsField.LAST_AGT),
                    numberOf(StatsField.QTIME),
                    numberOf(StatsField.CTIME),
                    numberOf(StatsField.RTIME),
                    numberOf(StatsField.TTIME),
                    textOf(StatsField.AGENT_STATUS),
                    numberOf(StatsField.AGENT_CODE),
                    numberOf(StatsField.AGENT_DURATION),
                    textOf(StatsField.CHECK_DESC),
                    textOf(StatsField.AGENT_DESC),
                    numberOf(StatsField.CHECK_RISE),
                    numberOf(StatsField.CHECK_FALL),
                    numberOf(StatsField.CHECK_HEALTH),
                    numberOf(StatsField.AGENT_RISE),
                    numberOf(StatsField.AGENT_FALL),
                    numberOf(StatsField.AGENT_HEALTH),
                    textOf(StatsField.ADDR));
        }

        private static StatsField require(StatsField field, StatsField.Kind kind) {
            if (field.kind() != kind) {
                throw new IllegalArgumentException(field.fieldName() + " is not a " + kind + " field");
            }
            return field;
        }

        private String textOf(StatsField field) {
            return (String) values.get(field);
        }

        private Long numberOf(StatsField field) {
            return (Long) values.get(field);
        }
    }
}
