package org.lodestar.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SetCookieRewriterTest {
    @Test
    void rootPathMovesUnderThePrefix() {
        assertEquals("a=1; Path=/spark/; HttpOnly", SetCookieRewriter.rewrite("a=1; Path=/; HttpOnly", "/spark"));
    }

    @Test
    void deeperPathKeepsItsTail() {
        assertEquals("a=1; path=/spark/app", SetCookieRewriter.rewrite("a=1; path=/app", "/spark"));
    }

    @Test
    void cookieWithoutPathOrAlreadyMountedIsUnchanged() {
        assertEquals("a=1; SameSite=Lax", SetCookieRewriter.rewrite("a=1; SameSite=Lax", "/spark"));
        assertEquals("a=1; Path=/spark/x", SetCookieRewriter.rewrite("a=1; Path=/spark/x", "/spark"));
    }

    @Test
    void noPrefixNoChange() {
        assertEquals("a=1; Path=/", SetCookieRewriter.rewrite("a=1; Path=/", ""));
    }
}
