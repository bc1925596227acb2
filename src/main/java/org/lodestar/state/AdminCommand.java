package org.lodestar.state;

import org.lodestar.server.AdminMode;

/** What an administrator asks of a server, as HAProxy's stats page offers it. */
public sealed interface AdminCommand {
    /**
     * The command of the dashboard's action form.
     *
     * @param action one of {@code ready drain maint weight enable-checks disable-checks check-now}
     * @param weight the new weight, for {@code weight}
     * @throws IllegalArgumentException naming what is wrong, in words fit for the page
     */
    static AdminCommand parse(String action, String weight) {
        if (action == null) {
            throw new IllegalArgumentException("no action chosen");
        }
        switch (action) {
            case "ready":
                return new SetMode(AdminMode.READY);
            case "drain":
                return new SetMode(AdminMode.DRAIN);
            case "maint":
                return new SetMode(AdminMode.MAINT);
            case "enable-checks":
                return new SetChecks(true);
            case "disable-checks":
                return new SetChecks(false);
            case "check-now":
                return new CheckNow();
            case "weight":
                try {
                    return new SetWeight(Integer.parseInt(weight == null ? "" : weight.strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("the weight must be a number from 0 to 256");
                }
            default:
                throw new IllegalArgumentException("unknown action");
        }
    }

    /** READY, DRAIN or MAINT. */
    record SetMode(AdminMode mode) implements AdminCommand {
    }

    /** A new weight, 0..256. */
    record SetWeight(int weight) implements AdminCommand {
    }

    /** Resume or pause the health checks. */
    record SetChecks(boolean enabled) implements AdminCommand {
    }

    /** Check it at once. */
    record CheckNow() implements AdminCommand {
    }
}
