package org.lodestar.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CheckResultTest {

    @Test
    void factoriesSetCodeVerdictAndHttpCode() {
        CheckResult connected = CheckResult.connected(4);
        assertEquals(CheckCode.L4OK, connected.code());
        assertTrue(connected.passed());
        assertEquals(CheckResult.NO_HTTP_CODE, connected.httpCode());

        CheckResult refused = CheckResult.failedWithoutResponse(CheckCode.L4CON, 1, "Connection refused");
        assertFalse(refused.passed());
        assertEquals(-1, refused.httpCode());

        assertEquals(new CheckResult(CheckCode.L7OK, true, 200, 5, "200 OK"), CheckResult.httpPassed(200, 5, "200 OK"));
    }

    @Test
    void aFailureCodeCannotPassNorASuccessCodeFail() {
        assertThrows(IllegalArgumentException.class, () -> new CheckResult(CheckCode.L7STS, true, 500, 1, "x"));
        assertThrows(IllegalArgumentException.class, () -> new CheckResult(CheckCode.L7OK, false, 200, 1, "x"));
        assertThrows(IllegalArgumentException.class, () -> CheckResult.httpFailed(CheckCode.L7OK, 200, 1, "x"));
    }

    @Test
    void durationCannotBeNegative() {
        assertThrows(IllegalArgumentException.class, () -> CheckResult.connected(-1));
    }
}
