package org.lodestar.server;

/** What an administrator lets a server do, HAProxy's {@code set server ... state}. */
public enum AdminMode {
    /** Takes traffic when its health allows. */
    READY,
    /** No new requests; those in flight finish. Still checked. */
    DRAIN,
    /** No traffic at all, checks paused. */
    MAINT
}
