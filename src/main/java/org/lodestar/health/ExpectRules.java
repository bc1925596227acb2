package org.lodestar.health;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;

import org.lodestar.config.HealthCheck;
import org.lodestar.config.HealthCheck.Expect;
import org.lodestar.server.CheckCode;
import org.lodestar.server.CheckResult;

/**
 * Judges an HTTP check response against {@code http-check expect}, as HAProxy does.
 *
 * <ul>
 * <li>Without expect rules the response passes when its status is 2xx or 3xx; otherwise it fails
 * with {@link CheckCode#L7STS}.</li>
 * <li>With expect rules (HAProxy 2.2+ allows several) they are evaluated in order and all must
 * pass; the status is then only checked if a rule says so. The first failing rule decides the
 * result.</li>
 * <li>{@code status <codes>}: the status equals one of the comma-separated codes or lies in one of
 * the ranges {@code low-high}. {@code rstatus <regex>}: the regex is found in the three-digit
 * status. A mismatch is {@link CheckCode#L7STS}.</li>
 * <li>{@code string <text>}: the body contains the text. {@code rstring <regex>}: the regex is found
 * in the body. A mismatch is {@link CheckCode#L7RSP}, as in HAProxy.</li>
 * <li>{@code !} inverts a rule: it passes exactly when the plain rule would fail.</li>
 * </ul>
 *
 * <p>Only the first {@link #BODY_LIMIT} bytes of the body are examined, like HAProxy's check
 * buffer: a text lying partly beyond it is not found. The body is decoded as ISO-8859-1 so that
 * every byte becomes exactly one char and nothing is lost to a wrong charset guess; a
 * {@code string} pattern is encoded in UTF-8 (the config file's encoding) and compared byte for
 * byte, whereas an {@code rstring} regex sees the bytes as Latin-1 chars, so non-ASCII characters
 * in a regex only match Latin-1 bodies. Regexes are used as the config compiled them: without
 * {@code DOTALL}, {@code .} does not cross a line break.
 */
public final class ExpectRules {
    /** Bytes of the body that are examined, and the most a check ever reads. */
    public static final int BODY_LIMIT = 16 * 1024;
    /** The most characters of a reported state kept: a state is a word, not a page. */
    static final int REPORT_LIMIT = 40;

    private ExpectRules() {
    }

    /**
     * @param status the HTTP status code received
     * @param reason the status reason phrase, for the description; may be empty
     * @param body   the body received; bytes beyond {@link #BODY_LIMIT} are ignored
     */
    public static CheckResult evaluate(HealthCheck check, int status, String reason, byte[] body,
                                       long durationMillis) {
        String examined = new String(body, 0, Math.min(body.length, BODY_LIMIT), StandardCharsets.ISO_8859_1);
        return verdict(check, status, reason, examined, durationMillis).reporting(reported(check, examined));
    }

    /**
     * What the server says of itself ({@code http-check lodestar-report}): the regex's first group, else its whole
     * match, at most {@link #REPORT_LIMIT} characters; "" when not asked for or not found.
     */
    static String reported(HealthCheck check, String body) {
        return check.report().map(regex -> {
            Matcher m = regex.matcher(body);
            if (!m.find()) {
                return "";
            }
            String found = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
            return found.length() > REPORT_LIMIT ? found.substring(0, REPORT_LIMIT) : found;
        }).orElse("");
    }

    private static CheckResult verdict(HealthCheck check, int status, String reason, String examined,
                                       long durationMillis) {
        String statusLine = reason == null || reason.isBlank() ? String.valueOf(status) : status + " " + reason;
        if (check.expects().isEmpty()) {
            if (status >= 200 && status < 400) {
                return CheckResult.httpPassed(status, durationMillis, statusLine);
            }
            return CheckResult.httpFailed(CheckCode.L7STS, status, durationMillis,
                    statusLine + ", status is not 2xx or 3xx");
        }
        for (Expect expect : check.expects()) {
            boolean matched = matches(expect, status, examined);
            if (matched == expect.negated()) {
                return CheckResult.httpFailed(failureCode(expect), status, durationMillis,
                        statusLine + ", " + failureText(expect));
            }
        }
        return CheckResult.httpPassed(status, durationMillis, statusLine);
    }

    private static boolean matches(Expect expect, int status, String body) {
        return switch (expect.kind()) {
            case STATUS -> statusListContains(expect.pattern(), status);
            case RSTATUS -> expect.regex().matcher(String.valueOf(status)).find();
            case STRING -> body.contains(asLatin1(expect.pattern()));
            case RSTRING -> expect.regex().matcher(body).find();
        };
    }

    /** {@code 200}, {@code 200-399} or a comma-separated list of both; a malformed item matches nothing. */
    private static boolean statusListContains(String codes, int status) {
        return Arrays.stream(codes.split(",")).map(String::trim).anyMatch(item -> {
            int dash = item.indexOf('-');
            try {
                if (dash < 0) {
                    return Integer.parseInt(item) == status;
                }
                int low = Integer.parseInt(item.substring(0, dash).trim());
                int high = Integer.parseInt(item.substring(dash + 1).trim());
                return status >= low && status <= high;
            } catch (NumberFormatException malformed) {
                return false;
            }
        });
    }

    /** The pattern's UTF-8 bytes as one char per byte, comparable with the Latin-1 decoded body. */
    private static String asLatin1(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static CheckCode failureCode(Expect expect) {
        return switch (expect.kind()) {
            case STATUS, RSTATUS -> CheckCode.L7STS;
            case STRING, RSTRING -> CheckCode.L7RSP;
        };
    }

    private static String failureText(Expect expect) {
        String subject = switch (expect.kind()) {
            case STATUS, RSTATUS -> "status";
            case STRING, RSTRING -> "body";
        };
        String rule = expect.kind().name().toLowerCase(Locale.ROOT) + " '" + expect.pattern() + "'";
        return expect.negated() ? subject + " matched ! " + rule : subject + " did not match " + rule;
    }
}
