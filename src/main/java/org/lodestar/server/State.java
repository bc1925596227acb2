package org.lodestar.server;

/** Where a server stands for routing. */
public enum State {
    /**
     * Checked but not yet checked once. HAProxy counts such a server UP until its first check; Lodestar
     * waits for the first verdict so that a standby master never receives traffic at startup.
     */
    INIT,
    /** Receives traffic. */
    UP,
    /** Failed its checks; receives no traffic. */
    DOWN,
    /**
     * {@code disabled} in the config, or set by an administrator: not checked, never routed to. Leaving an
     * administrator's maintenance starts a checked server over from {@link #INIT}.
     */
    MAINT;

    public boolean routable() {
        return this == UP;
    }
}
