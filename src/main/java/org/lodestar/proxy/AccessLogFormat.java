package org.lodestar.proxy;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** HAProxy's {@code option httplog} and {@code option httplog clf} line formats. */
public enum AccessLogFormat {
    /**
     * {@code option httplog}: {@code ip:port [date] frontend backend/server Tq/Tw/Tc/Tr/Tt status bytes
     * - - state conns retries queues "request"}.
     */
    HTTPLOG {
        @Override
        public String format(AccessLogEntry e) {
            AccessLogEntry.Connections c = e.connections();
            return e.clientIp() + ":" + e.clientPort() + " [" + HTTPLOG_DATE.format(e.accepted()) + "] "
                    + e.frontend() + " " + e.backend() + "/" + e.server() + " " + e.tq() + "/" + e.tw() + "/"
                    + e.tc() + "/" + e.tr() + "/" + e.tt() + " " + e.status() + " " + e.bytesOut() + " - - "
                    + e.terminationState() + " " + c.active() + "/" + c.frontend() + "/" + c.backend() + "/" + c.server()
                    + "/" + e.retries() + " 0/" + e.backendQueue() + " \"" + e.requestLine() + "\"";
        }
    },
    /**
     * {@code option httplog clf}: Common Log Format first, so CLF tools read it, then HAProxy's fields:
     * {@code "" "" port ms "frontend" "backend" "server" Tq Tw Tc Tr Tt state … retries}.
     */
    CLF {
        @Override
        public String format(AccessLogEntry e) {
            AccessLogEntry.Connections c = e.connections();
            return e.clientIp() + " - - [" + CLF_DATE.format(e.accepted()) + "] \"" + e.requestLine() + "\" "
                    + e.status() + " " + e.bytesOut() + " \"\" \"\" " + e.clientPort() + " "
                    + e.accepted().toEpochMilli() % 1000 + " \"" + e.frontend() + "\" \"" + e.backend() + "\" \""
                    + e.server() + "\" " + e.tq() + " " + e.tw() + " " + e.tc() + " " + e.tr() + " " + e.tt() + " "
                    + e.terminationState() + " " + c.active() + " " + c.frontend() + " " + c.backend() + " "
                    + c.server() + " " + e.retries() + " 0 " + e.backendQueue() + " \"\" \"\" \"\" \"\"";
        }
    };

    private static final DateTimeFormatter CLF_DATE =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter HTTPLOG_DATE =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());

    public abstract String format(AccessLogEntry entry);
}
