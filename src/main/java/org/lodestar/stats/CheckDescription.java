package org.lodestar.stats;

import org.lodestar.server.CheckCode;

/**
 * HAProxy's {@code check_status} and {@code check_desc} wording for a check outcome, so that tooling
 * written for HAProxy's stats reads Lodestar's the same way.
 */
final class CheckDescription {
    /** HAProxy's status for a checked server whose first check has not completed. */
    static final String INITIALIZING_STATUS = "INI";
    static final String INITIALIZING_DESC = "Initializing";

    private CheckDescription() {
    }

    static String of(CheckCode code) {
        return switch (code) {
            case L4OK -> "Layer4 check passed";
            case L4TOUT -> "Layer4 timeout";
            case L4CON -> "Layer4 connection problem";
            case L7OK -> "Layer7 check passed";
            case L7RSP -> "Layer7 invalid response";
            case L7STS -> "Layer7 wrong status";
            case L7TOUT -> "Layer7 timeout";
            case SOCKERR -> "Socket error";
        };
    }
}
