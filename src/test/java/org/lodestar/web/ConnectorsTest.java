package org.lodestar.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The binding is found through the real service registration. The test class path has Grizzly (it is
 * provided) but not Payara's Catalina, so the Grizzly binding must fail, loudly, and fall back.
 */
class ConnectorsTest {
    @Test
    void grizzlyWithoutPayarasServletResponseIsAFailedBindingNotASilentOne() {
        assertEquals(Optional.empty(), Connectors.binding());
        assertEquals(Optional.of("Grizzly is there, but not Payara's servlet response "
                + "org.apache.catalina.connector.ResponseFacade"), Connectors.failure());
        ConnectorProtections protections = Connectors.protections("test");
        assertTrue(protections.degraded());
        assertTrue(protections.lines().get(0).startsWith("the test connector binding failed (Grizzly is there"),
                protections.lines().get(0));
    }
}
