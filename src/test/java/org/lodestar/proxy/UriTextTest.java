package org.lodestar.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UriTextTest {
    @Test
    void validTargetIsKeptByteForByte() {
        String target = "/a%2Fb%20c/caf%C3%A9;jsessionid=1?x=%2F&y=a+b&z=(1)";
        assertEquals(target, UriText.encodeIllegal(target));
    }

    @Test
    void illegalCharactersAreEncodedSoTheUriParses() {
        String encoded = UriText.encodeIllegal("/a b/[x]/{y}|/café?q=\"1\"");
        assertEquals("/a%20b/%5Bx%5D/%7By%7D%7C/caf%C3%A9?q=%221%22", encoded);
        URI.create(encoded);
    }

    @Test
    void strayPercentIsEncoded() {
        assertEquals("/100%25/x%25zz", UriText.encodeIllegal("/100%/x%zz"));
    }

    @Test
    void supplementaryCharacterIsEncodedAsOneCodePoint() {
        assertEquals("/%F0%9F%98%80", UriText.encodeIllegal("/\uD83D\uDE00"));
    }
}
