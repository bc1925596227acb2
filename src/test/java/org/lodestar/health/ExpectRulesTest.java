package org.lodestar.health;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lodestar.testing.Fixtures.httpchk;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lodestar.config.HealthCheck;
import org.lodestar.server.CheckCode;
import org.lodestar.server.CheckResult;

class ExpectRulesTest {
    private static final String ALIVE_RULE = "rstring .+Status.+ALIVE.+";
    private static final String LEADER_PAGE = """
            <ul class="list-unstyled">
              <li><strong>URL:</strong> spark://m1:7077</li>
              <li><strong>Status:</strong> ALIVE</li>
            </ul>
            """;
    private static final String STANDBY_PAGE = LEADER_PAGE.replace("ALIVE", "STANDBY");

    private static CheckResult evaluate(HealthCheck check, int status, String body) {
        return ExpectRules.evaluate(check, status, "Reason", body.getBytes(UTF_8), 7);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 204, 299, 301, 302, 399})
    void withoutRulesTwoAndThreeHundredsPass(int status) {
        CheckResult result = evaluate(httpchk(), status, "");
        assertTrue(result.passed());
        assertEquals(CheckCode.L7OK, result.code());
        assertEquals(status, result.httpCode());
        assertEquals(7, result.durationMillis());
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 199, 400, 404, 500, 503})
    void withoutRulesOtherStatusesFailWithL7sts(int status) {
        CheckResult result = evaluate(httpchk(), status, "");
        assertFalse(result.passed());
        assertEquals(CheckCode.L7STS, result.code());
        assertEquals(status, result.httpCode());
    }

    @Test
    void statusMatchesExactCodeOnly() {
        assertTrue(evaluate(httpchk("status 200"), 200, "").passed());
        CheckResult result = evaluate(httpchk("status 200"), 204, "");
        assertFalse(result.passed());
        assertEquals(CheckCode.L7STS, result.code());
        assertEquals("204 Reason, status did not match status '200'", result.description());
    }

    @Test
    void statusRangeAndListIncludeTheirBounds() {
        HealthCheck range = httpchk("status 200-399");
        assertTrue(evaluate(range, 200, "").passed());
        assertTrue(evaluate(range, 399, "").passed());
        assertFalse(evaluate(range, 199, "").passed());
        assertFalse(evaluate(range, 400, "").passed());
        HealthCheck list = httpchk("status 200,302-303");
        assertTrue(evaluate(list, 303, "").passed());
        assertFalse(evaluate(list, 301, "").passed());
    }

    @Test
    void aRuleReplacesTheDefaultStatusCheck() {
        // As in HAProxy: with only a body rule, a 500 whose body matches passes.
        assertTrue(evaluate(httpchk("string ALIVE"), 500, "ALIVE").passed());
    }

    @Test
    void rstatusIsFoundInTheThreeDigitCode() {
        assertTrue(evaluate(httpchk("rstatus ^2"), 201, "").passed());
        CheckResult result = evaluate(httpchk("rstatus ^2"), 302, "");
        assertFalse(result.passed());
        assertEquals(CheckCode.L7STS, result.code());
    }

    @Test
    void stringNeedsTheBodyToContainTheText() {
        assertTrue(evaluate(httpchk("string ALIVE"), 200, LEADER_PAGE).passed());
        CheckResult result = evaluate(httpchk("string ALIVE"), 200, STANDBY_PAGE);
        assertFalse(result.passed());
        assertEquals(CheckCode.L7RSP, result.code());
        assertEquals(200, result.httpCode());
    }

    @Test
    void stringComparesNonAsciiTextByteForByte() {
        assertTrue(evaluate(httpchk("string état=prêt"), 200, "<p>état=prêt</p>").passed());
        byte[] latin1 = "<p>état=prêt</p>".getBytes(ISO_8859_1);
        assertFalse(ExpectRules.evaluate(httpchk("string état=prêt"), 200, "OK", latin1, 1).passed());
    }

    @Test
    void rstringFindsTheLeaderOnlyOnOneLine() {
        CheckResult leader = evaluate(httpchk(ALIVE_RULE), 200, LEADER_PAGE);
        assertTrue(leader.passed());
        assertEquals("200 Reason", leader.description());

        CheckResult standby = evaluate(httpchk(ALIVE_RULE), 200, STANDBY_PAGE);
        assertFalse(standby.passed());
        assertEquals(CheckCode.L7RSP, standby.code());
        assertEquals("200 Reason, body did not match rstring '.+Status.+ALIVE.+'", standby.description());
    }

    @Test
    void rstringDotDoesNotCrossLineBreaks() {
        String split = "<li><strong>Status:</strong>\n ALIVE</li>";
        assertFalse(evaluate(httpchk(ALIVE_RULE), 200, split).passed());
        assertTrue(evaluate(httpchk(ALIVE_RULE), 200, split.replace("\n", "")).passed());
    }

    @Test
    void negationInvertsEachKind() {
        assertFalse(evaluate(httpchk("! status 200"), 200, "").passed());
        assertTrue(evaluate(httpchk("! status 200"), 500, "").passed());
        assertFalse(evaluate(httpchk("! rstatus ^5"), 503, "").passed());
        assertTrue(evaluate(httpchk("! rstatus ^5"), 200, "").passed());
        assertFalse(evaluate(httpchk("! string STANDBY"), 200, STANDBY_PAGE).passed());
        assertTrue(evaluate(httpchk("! string STANDBY"), 200, LEADER_PAGE).passed());
        assertFalse(evaluate(httpchk("! rstring Status.+STANDBY"), 200, STANDBY_PAGE).passed());
        assertTrue(evaluate(httpchk("! rstring Status.+STANDBY"), 200, LEADER_PAGE).passed());
    }

    @Test
    void negatedFailureSaysWhatMatched() {
        CheckResult result = evaluate(httpchk("! string STANDBY"), 200, STANDBY_PAGE);
        assertEquals(CheckCode.L7RSP, result.code());
        assertEquals("200 Reason, body matched ! string 'STANDBY'", result.description());
        assertEquals(CheckCode.L7STS, evaluate(httpchk("! status 200"), 200, "").code());
    }

    @Test
    void everyRuleMustPassAndTheFirstFailureDecides() {
        HealthCheck both = httpchk("status 200", ALIVE_RULE);
        assertTrue(evaluate(both, 200, LEADER_PAGE).passed());
        assertEquals(CheckCode.L7STS, evaluate(both, 500, LEADER_PAGE).code());
        assertEquals(CheckCode.L7RSP, evaluate(both, 200, STANDBY_PAGE).code());
        assertEquals(CheckCode.L7STS, evaluate(both, 500, STANDBY_PAGE).code());
    }

    @Test
    void onlyTheFirstSixteenKibibytesAreExamined() {
        assertEquals(16384, ExpectRules.BODY_LIMIT);
        String marker = "ALIVEALIVE!"; // 11 bytes
        byte[] straddling = paddedWith(marker, 16380);
        byte[] inside = paddedWith(marker, 16384 - marker.length());
        HealthCheck check = httpchk("string " + marker);
        assertFalse(ExpectRules.evaluate(check, 200, "OK", straddling, 1).passed());
        assertTrue(ExpectRules.evaluate(check, 200, "OK", inside, 1).passed());
        HealthCheck regex = httpchk("rstring ALIVE!");
        assertFalse(ExpectRules.evaluate(regex, 200, "OK", straddling, 1).passed());
        assertTrue(ExpectRules.evaluate(regex, 200, "OK", inside, 1).passed());
    }

    /** A 20 000-byte body with {@code marker} at {@code offset}. */
    private static byte[] paddedWith(String marker, int offset) {
        byte[] body = new byte[20_000];
        Arrays.fill(body, (byte) 'x');
        byte[] text = marker.getBytes(ISO_8859_1);
        System.arraycopy(text, 0, body, offset, text.length);
        return body;
    }
}
