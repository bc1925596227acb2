package org.lodestar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Leader election on the real WAR: three Spark-like backends whose status line can be switched at run
 * time, behind the reference configuration with its timings unchanged ({@code inter 10s rise 2 fall 2}).
 * The scenarios build on each other, so they run in order.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthIT {
    /** The goal is one second; the margin absorbs a loaded CI machine's scheduling and request time. */
    private static final Duration FOLLOW_GOAL = Duration.ofMillis(1500);
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static ReferenceBackends sparks;

    @ArquillianResource
    private URL base;


    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        sparks = ReferenceBackends.start();
        sparks.spark1().role("STANDBY");
        sparks.spark2().role("ALIVE");
        sparks.spark3().role("STANDBY");
        return Deployments.lodestarWith("leader.war", sparks.referenceConfig());
    }

    @AfterAll
    static void stopBackends() {
        if (sparks != null) {
            sparks.close();
        }
    }

    @Test
    @Order(1)
    void leaderIsElectedAtStartWithoutEverServingAStandby() throws Exception {
        List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = get();
            assertEquals(200, response.statusCode(), response.body());
            servedBy.add(server(response));
        }
        assertTrue(servedBy.stream().allMatch("spark2"::equals), "only the leader served: " + servedBy);
    }

    @Test
    @Order(2)
    void switchedLeaderIsFollowedWithinASecondWithoutAFailedRequest() throws Exception {
        long switched = System.nanoTime();
        sparks.spark2().role("STANDBY");
        sparks.spark3().role("ALIVE");
        long firstFromNewLeader = -1;
        List<String> afterwards = new ArrayList<>();
        long deadline = switched + PATIENCE.toNanos();
        while (System.nanoTime() < deadline && afterwards.size() < 20) {
            HttpResponse<String> response = get();
            assertEquals(200, response.statusCode(), "requests wait for the rising leader: " + response.body());
            String server = server(response);
            if (firstFromNewLeader < 0 && server.equals("spark3")) {
                firstFromNewLeader = System.nanoTime();
            }
            if (firstFromNewLeader >= 0) {
                afterwards.add(server);
            }
        }
        assertTrue(firstFromNewLeader > 0, "the new leader was never served");
        Duration lag = Duration.ofNanos(firstFromNewLeader - switched);
        System.out.println("HealthIT: new leader served " + lag.toMillis() + " ms after the switch");
        assertTrue(lag.compareTo(FOLLOW_GOAL) <= 0, "new leader served after " + lag.toMillis() + " ms");
        assertTrue(afterwards.stream().allMatch("spark3"::equals), "only the new leader afterwards: " + afterwards);
    }

    @Test
    @Order(3)
    void killedLeaderGives503NamingTheCauseThenTheNextLeader() throws Exception {
        sparks.spark3().close();
        HttpResponse<String> refused = awaitStatus(503);
        assertTrue(refused.body().contains("spark3"), refused.body());
        assertTrue(refused.body().contains("L4CON"), "names the failed check: " + refused.body());
        assertTrue(refused.body().contains("spark1 DOWN") && refused.body().contains("L7RSP"), refused.body());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "tells clients when to retry");
        assertFalse(refused.body().contains("Exception"), refused.body());

        long elected = System.nanoTime();
        sparks.spark1().role("ALIVE");
        HttpResponse<String> served = awaitStatus(200);
        Duration lag = Duration.ofNanos(System.nanoTime() - elected);
        System.out.println("HealthIT: new leader served " + lag.toMillis() + " ms after its election");
        assertEquals("spark1", server(served));
        assertTrue(lag.compareTo(FOLLOW_GOAL) <= 0, "new leader served after " + lag.toMillis() + " ms");
    }

    /**
     * Issue 12, item 4: a DOWN server is re-checked every 250 ms (fast failover), on a Payara Micro whose EJB
     * timers keep their default minimum delivery interval of 1000 ms (the pre-boot file no longer lowers it).
     */
    @Test
    @Order(4)
    void downServerIsRecheckedWellWithinASecondOnDefaultTimerSettings() throws Exception {
        sparks.spark2().assertRecheckedWellWithinASecond(PATIENCE); // standby since the switch
    }

    private HttpResponse<String> awaitStatus(int status) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        HttpResponse<String> response;
        do {
            response = get();
        } while (response.statusCode() != status && System.nanoTime() < deadline);
        assertEquals(status, response.statusCode(), response.body());
        return response;
    }

    private HttpResponse<String> get() throws IOException, InterruptedException {
        return new ProxyClient(base, PATIENCE).get("/spark/");
    }

    /** Which backend answered, from the page it served. */
    private static String server(HttpResponse<String> response) {
        String body = response.body();
        int at = body.indexOf("backend ");
        return at < 0 ? "?" : body.substring(at + "backend ".length(), body.indexOf(' ', at + "backend ".length()));
    }
}
