package org.lodestar.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * Cumulative traffic counters of one frontend, backend or server, named after HAProxy's CSV fields.
 * Written on the request path without locks; read by the dashboard and exports.
 */
public final class TrafficCounters {
    private final LongAdder sessionsTotal = new LongAdder();   // stot
    private final LongAdder bytesIn = new LongAdder();         // bin
    private final LongAdder bytesOut = new LongAdder();        // bout
    private final LongAdder requestErrors = new LongAdder();   // ereq
    private final LongAdder connectionErrors = new LongAdder(); // econ
    private final LongAdder responseErrors = new LongAdder();  // eresp
    private final LongAdder retries = new LongAdder();         // wretr
    private final LongAdder redispatches = new LongAdder();    // wredis
    private final LongAdder[] responsesByClass = {new LongAdder(), new LongAdder(), new LongAdder(),
            new LongAdder(), new LongAdder(), new LongAdder()}; // hrsp_1xx..hrsp_5xx, hrsp_other
    private volatile long lastSessionMillis;                  // lastsess
    private final RateCounter sessionRate = new RateCounter(); // rate, rate_max

    public void session(long nowMillis) {
        sessionsTotal.increment();
        lastSessionMillis = nowMillis;
        sessionRate.event(nowMillis);
    }

    public void bytesIn(long n) {
        bytesIn.add(n);
    }

    public void bytesOut(long n) {
        bytesOut.add(n);
    }

    public void requestError() {
        requestErrors.increment();
    }

    public void connectionError() {
        connectionErrors.increment();
    }

    public void responseError() {
        responseErrors.increment();
    }

    public void retry() {
        retries.increment();
    }

    public void redispatch() {
        redispatches.increment();
    }

    public void response(int status) {
        int index = status >= 100 && status < 600 ? status / 100 - 1 : 5;
        responsesByClass[index].increment();
    }

    public long sessionsTotal() {
        return sessionsTotal.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public long requestErrors() {
        return requestErrors.sum();
    }

    public long connectionErrors() {
        return connectionErrors.sum();
    }

    public long responseErrors() {
        return responseErrors.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long redispatches() {
        return redispatches.sum();
    }

    /** Responses whose status is in {@code statusClass}xx (1..5); 0 for "other". */
    public long responses(int statusClass) {
        return responsesByClass[statusClass >= 1 && statusClass <= 5 ? statusClass - 1 : 5].sum();
    }

    /** Sessions over the second ending at {@code nowMillis} (HAProxy's {@code rate}). */
    public long rate(long nowMillis) {
        return sessionRate.rate(nowMillis);
    }

    /** The most sessions seen in one second (HAProxy's {@code rate_max}). */
    public long rateMax() {
        return sessionRate.max();
    }

    /** Epoch millis of the last session, 0 if none yet. */
    public long lastSessionMillis() {
        return lastSessionMillis;
    }
}
