package org.lodestar.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lodestar.testing.Fixtures.backend;
import static org.lodestar.testing.Fixtures.server;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.lodestar.config.Backend;
import org.lodestar.server.AdminMode;
import org.lodestar.server.CheckCode;
import org.lodestar.server.CheckResult;
import org.lodestar.server.Routing;
import org.lodestar.server.Snapshot;
import org.lodestar.server.State;

/** The 503's line names a server that reported its state (a master RECOVERING) before the check details. */
class NoServerPageTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static Snapshot down(String name, Optional<CheckResult> last) {
        return new Snapshot(name, State.DOWN, 0, 2, 2, last, 1, 1, T, Duration.ZERO, AdminMode.READY, 1, Routing.OUT);
    }

    @Test
    void aRecoveringMasterIsNamedWithItsState() {
        Backend spark = backend("SRV_SPARK").servers(server("spark1").check(), server("spark2").check(),
                server("rest1").track("SRV_SPARK", "spark2")).build();
        CheckResult recovering = CheckResult.httpFailed(CheckCode.L7RSP, 200, 6,
                "200 OK, body did not match rstring '.+Status.+ALIVE.+'").reporting("RECOVERING");
        String detail = NoServerPage.detail(spark, List.of(
                down("spark1", Optional.of(CheckResult.failedWithoutResponse(CheckCode.L4CON, 1, "Connection refused"))),
                down("spark2", Optional.of(recovering)), down("rest1", Optional.empty())), List.of());
        assertEquals("backend SRV_SPARK has no server available (spark2 reports RECOVERING): spark1 DOWN, last check"
                + " L4CON in 1ms: Connection refused; spark2 DOWN, last check L7RSP/200 in 6ms: 200 OK, body did not"
                + " match rstring '.+Status.+ALIVE.+', reports RECOVERING; rest1 DOWN, tracks SRV_SPARK/spark2", detail);
    }

    @Test
    void aReportedStateIsTheBackendsTextAndIsEscapedOnThePage() {
        Backend spark = backend("SRV_SPARK").servers(server("spark1").check()).build();
        CheckResult lying = CheckResult.httpFailed(CheckCode.L7RSP, 200, 1, "200 OK").reporting("<script>x</script>");
        String page = ErrorPage.SERVICE_UNAVAILABLE.render(NoServerPage.detail(spark,
                List.of(down("spark1", Optional.of(lying))), List.of()));
        assertEquals(false, page.contains("<script>"), page);
        assertEquals(true, page.contains("spark1 reports &lt;script&gt;x&lt;/script&gt;"), page);
    }
}
