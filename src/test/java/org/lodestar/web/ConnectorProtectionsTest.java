package org.lodestar.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectorProtectionsTest {
    @Test
    void payaraWithItsBindingHasEveryProtectionTheHeadTimeoutFromTheFirstRequest() {
        ConnectorProtections protections = new ConnectorProtections("Payara Micro 6.2025.10", Optional.of("Grizzly"),
                Optional.empty(), ConnectorProtections.HeadTimeout.NOT_YET);
        assertEquals(List.of("Grizzly connector binding on Payara Micro 6.2025.10",
                "client connection cut: on (a server failing mid-response leaves a visibly truncated response;"
                        + " nothing pipelined behind a refused request is read)",
                "request target as sent: on (absolute-form and authority-form targets get 400)",
                "timeout http-request: enforced from the first request on the listener"), protections.lines());
        assertFalse(protections.degraded());
    }

    @Test
    void aServerWithoutABindingSaysWhatAppliesInsteadAndIsNotDegraded() {
        ConnectorProtections protections = new ConnectorProtections("WildFly Full 39.0.1.Final", Optional.empty(),
                Optional.empty(), ConnectorProtections.HeadTimeout.NOT_YET);
        List<String> lines = protections.lines();
        assertEquals("no connector binding for WildFly Full 39.0.1.Final: connector protections off", lines.get(0));
        assertTrue(lines.get(3).startsWith("timeout http-request: not enforced (use the server's own"), lines.get(3));
        assertFalse(protections.degraded());
    }

    @Test
    void aFailedBindingIsDegradedAndSaysWhy() {
        ConnectorProtections protections = new ConnectorProtections("Payara Server 7", Optional.empty(),
                Optional.of("org.apache.catalina.connector.ResponseFacade has no field response any more"),
                ConnectorProtections.HeadTimeout.NOT_YET);
        assertTrue(protections.degraded());
        assertEquals("the Payara Server 7 connector binding failed (org.apache.catalina.connector.ResponseFacade"
                + " has no field response any more): connector protections off", protections.lines().get(0));
    }

    @Test
    void aListenerThatCouldNotBeWatchedIsDegraded() {
        ConnectorProtections protections = new ConnectorProtections("Payara Micro", Optional.of("Grizzly"),
                Optional.empty(), ConnectorProtections.HeadTimeout.UNAVAILABLE);
        assertTrue(protections.degraded());
        assertEquals("timeout http-request: not enforced (the listener could not be watched)", protections.lines().get(3));
    }
}
