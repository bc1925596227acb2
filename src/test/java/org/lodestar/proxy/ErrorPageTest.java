package org.lodestar.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrorPageTest {
    @Test
    void detailFromConfigOrBackendIsEscaped() {
        String page = ErrorPage.SERVICE_UNAVAILABLE.render("backend <script>alert(1)</script> & \"x\"");
        assertTrue(page.startsWith("<html><body><h1>503 Service Unavailable</h1>"), page);
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"), page);
        assertFalse(page.contains("<script>"), page);
    }
}
