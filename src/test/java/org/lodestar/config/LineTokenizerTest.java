package org.lodestar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class LineTokenizerTest {
    private final LineTokenizer tok = new LineTokenizer(Cfg.ENV::get);

    private List<String> words(String line) throws LineError {
        return tok.words(line);
    }

    @Test
    void splitsOnSpacesAndTabsIgnoringSurroundingWhitespace() throws LineError {
        assertEquals(List.of("server", "s1", "127.0.0.1:80", "check"), words("  server\ts1   127.0.0.1:80 check\t "));
    }

    @Test
    void blankAndCommentOnlyLinesHaveNoWords() throws LineError {
        assertEquals(List.of(), words("   "));
        assertEquals(List.of(), words("  # a comment"));
    }

    @Test
    void hashStartsCommentUnlessEscapedOrQuoted() throws LineError {
        assertEquals(List.of("a", "b#c", "d#e", "f#g"), words("a b\\#c \"d#e\" 'f#g' # comment"));
    }

    @Test
    void reqrepLineKeepsRegexEscapesButTurnsEscapedSpacesIntoSpaces() throws LineError {
        assertEquals(List.of("reqrep", "^([^ :]*) /spark\\/(.*)", "\\1 /\\2"),
                words("  reqrep  ^([^\\ :]*)\\ /spark\\/(.*)  \\1\\ /\\2"));
    }

    @Test
    void knownEscapesAreDecoded() throws LineError {
        assertEquals(List.of("a\\b", "\"'", "\t\r\n", "A"), words("a\\\\b \\\"\\' \\t\\r\\n \\x41"));
    }

    @Test
    void unknownEscapeKeepsTheBackslash() throws LineError {
        assertEquals(List.of("\\d+\\.\\w"), words("\\d+\\.\\w"));
    }

    @Test
    void doubleQuotesGroupWordsAndHonourEscapes() throws LineError {
        assertEquals(List.of("stats", "realm", "My Realm \"x\""), words("stats realm \"My Realm \\\"x\\\"\""));
    }

    @Test
    void singleQuotesAreVerbatim() throws LineError {
        assertEquals(List.of("a\\ b $PORT"), words("'a\\ b $PORT'"));
    }

    @Test
    void quotedPartsJoinAdjacentText() throws LineError {
        assertEquals(List.of("ab cd", ""), words("a\"b c\"'d' \"\""));
    }

    @Test
    void environmentVariablesExpandUnquotedAndInDoubleQuotes() throws LineError {
        assertEquals(List.of("10.0.0.7:8081", "10.0.0.7-8081", "a b"), words("${HOST}:$PORT \"$HOST-${PORT}\" \"$SPACED\""));
    }

    @Test
    void undefinedVariableExpandsToNothing() throws LineError {
        assertEquals(List.of("x:", "y"), words("x:${NOPE} $NOPE y"));
    }

    @Test
    void dollarNotFollowedByNameIsLiteral() throws LineError {
        assertEquals(List.of("^/x$", "$1", "$"), words("^/x$ $1 $"));
    }

    @Test
    void unterminatedQuotesAreErrors() {
        assertEquals("unterminated double quote", assertThrows(LineError.class, () -> words("a \"b")).getMessage());
        assertEquals("unterminated single quote", assertThrows(LineError.class, () -> words("a 'b")).getMessage());
    }

    @Test
    void badHexEscapeAndUnclosedVariableAreErrors() {
        assertThrows(LineError.class, () -> words("\\xZZ"));
        assertThrows(LineError.class, () -> words("\\x4"));
        assertThrows(LineError.class, () -> words("${HOST"));
    }
}
