package org.lodestar.health;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lodestar.config.ConfigException;
import org.lodestar.config.ConfigParser;
import org.lodestar.config.HealthCheck;
import org.lodestar.server.CheckCode;
import org.lodestar.server.CheckResult;

/**
 * {@code http-check lodestar-report}: the check still judges by {@code http-check expect}, and also keeps what the
 * server says of itself, so that a master RECOVERING is named as such rather than as one more failed check.
 */
class ReportedStateTest {
    private static final String PAGE = "<ul>\n  <li><strong>URL:</strong> spark://m1:7077</li>\n"
            + "  <li><strong>Status:</strong> %s</li>\n</ul>\n";

    private static HealthCheck check(String lines) throws ConfigException {
        return ConfigParser.parse("t.cfg", """
                defaults
                  timeout connect 1s
                  timeout client 1s
                  timeout server 1s
                backend SRV_SPARK
                  option httpchk GET /
                """ + lines + "\n  server spark1 127.0.0.1:1 check\n")
                .backend("SRV_SPARK").orElseThrow().healthCheck();
    }

    private static CheckResult evaluate(HealthCheck check, String state) {
        return ExpectRules.evaluate(check, 200, "OK", PAGE.formatted(state).getBytes(UTF_8), 5);
    }

    @Test
    void aRecoveringMasterFailsTheAliveCheckAndSaysItIsRecovering() throws ConfigException {
        HealthCheck check = check("""
                  http-check expect rstring .+Status.+ALIVE.+
                  http-check lodestar-report Status:</strong>\\ (\\w+)
                """);
        CheckResult recovering = evaluate(check, "RECOVERING");
        assertFalse(recovering.passed());
        assertEquals(CheckCode.L7RSP, recovering.code());
        assertEquals("RECOVERING", recovering.reported());
        assertEquals("200 OK, body did not match rstring '.+Status.+ALIVE.+', reports RECOVERING",
                recovering.description());

        CheckResult alive = evaluate(check, "ALIVE");
        assertTrue(alive.passed());
        assertEquals("ALIVE", alive.reported());
    }

    @Test
    void withoutTheKeywordOrAMatchNothingIsReported() throws ConfigException {
        assertEquals("", evaluate(check("  http-check expect rstring .+Status.+ALIVE.+"), "STANDBY").reported());
        CheckResult elsewhere = ExpectRules.evaluate(check("  http-check lodestar-report Status:</strong>\\ (\\w+)"),
                200, "OK", "<html>maintenance</html>".getBytes(UTF_8), 5);
        assertEquals("", elsewhere.reported());
        assertEquals("200 OK", elsewhere.description());
    }

    @Test
    void theWholeMatchWithoutAGroupAndAtMostFortyCharacters() throws ConfigException {
        assertEquals("Status:</strong> COMPLETING_RECOVERY", evaluate(
                check("  http-check lodestar-report Status:</strong>\\ \\w+"), "COMPLETING_RECOVERY").reported());
        assertEquals(ExpectRules.REPORT_LIMIT, evaluate(check("  http-check lodestar-report Status:</strong>\\ (\\w+)"),
                "X".repeat(100)).reported().length());
    }

    /** The lines the README and docs/performance.md give for checking /json/, single-quoted as written there. */
    @Test
    void theDocumentedJsonCheckPassesOnlyTheAliveMasterAndReportsTheOthers() throws ConfigException {
        HealthCheck check = ConfigParser.parse("t.cfg", """
                defaults
                  timeout connect 1s
                  timeout client 1s
                  timeout server 1s
                backend SRV_SPARK
                  option httpchk GET /json/
                  http-check expect rstring '"status" : "ALIVE"'
                  http-check lodestar-report '"status" : "(\\w+)"'
                  server spark1 127.0.0.1:1 check
                """).backend("SRV_SPARK").orElseThrow().healthCheck();
        String json = "{\n  \"url\" : \"spark://127.0.0.1:7077\",\n  \"activeapps\" : [ ],\n  \"status\" : \"%s\"\n}";
        CheckResult alive = ExpectRules.evaluate(check, 200, "OK", json.formatted("ALIVE").getBytes(UTF_8), 2);
        CheckResult recovering = ExpectRules.evaluate(check, 200, "OK", json.formatted("RECOVERING").getBytes(UTF_8), 2);
        assertTrue(alive.passed());
        assertFalse(recovering.passed());
        assertEquals("RECOVERING", recovering.reported());
    }

    @Test
    void aBadRegexIsAConfigurationError() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> check("  http-check lodestar-report (unclosed"));
        assertTrue(e.getMessage().contains("invalid regex '(unclosed'"), e.getMessage());
    }
}
