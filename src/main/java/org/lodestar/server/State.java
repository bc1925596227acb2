package org.lodestar.server;

/**
 * What the checks found of a server, or MAINT. Whether it takes requests also depends on its mode and
 * weight: see {@link ServerStatus#routing()}.
 */
public enum State {
    /**
     * Checked but not yet checked once. HAProxy counts such a server UP until its first check, and so does
     * Lodestar without fast failover; with it, Lodestar waits for the first verdict so that a standby master
     * never receives traffic at startup.
     */
    INIT,
    /** Passed its checks. */
    UP,
    /** Failed its checks. */
    DOWN,
    /**
     * {@code disabled} in the config, or set by an administrator: not checked, never routed to. Leaving an
     * administrator's maintenance starts a checked server over from {@link #INIT}.
     */
    MAINT
}
