package org.lodestar.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PageOptionsTest {
    @Test
    void getParameters() {
        assertEquals(new PageOptions("web", true), PageOptions.of("web", "1", "scope=web&up=1"));
        assertEquals(new PageOptions("", false), PageOptions.of(null, "0", null));
    }

    @Test
    void haproxyOptionsAfterTheStatsUri() {
        assertEquals(new PageOptions("my web", true), PageOptions.of(null, null, "stats;up;scope=my%20web"));
        assertEquals(new PageOptions("", false), PageOptions.of(null, null, "stats"));
    }

    @Test
    void queryKeepsTheScopeAndTogglesDown() {
        PageOptions options = new PageOptions("a&b", false);
        assertEquals("?scope=a%26b&up=1", options.query(true));
        assertEquals("?scope=a%26b", options.query(false));
        assertEquals("", new PageOptions("", true).query(false));
        assertEquals("?up=1", new PageOptions("", false).query(true));
    }
}
