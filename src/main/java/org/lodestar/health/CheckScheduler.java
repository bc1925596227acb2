package org.lodestar.health;

import java.time.Duration;

/**
 * Runs a task once, later, on a thread that may block for the length of a check. The seam between the
 * check logic and the container: EJB timers on Jakarta EE servers, a scheduled executor elsewhere.
 */
public interface CheckScheduler {
    void schedule(Duration delay, Runnable task);
}
