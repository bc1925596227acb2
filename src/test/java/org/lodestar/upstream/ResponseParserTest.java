package org.lodestar.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseParserTest {
    /** Records what the parser hands on. */
    private static final class Recorder implements ResponseParser.Sink {
        final List<ResponseHead> heads = new ArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int ends;
        boolean pauseNext;

        @Override
        public void head(ResponseHead head) {
            heads.add(head);
        }

        @Override
        public boolean content(ByteBuffer content) {
            byte[] bytes = new byte[content.remaining()];
            content.get(bytes);
            body.writeBytes(bytes);
            boolean go = !pauseNext;
            pauseNext = false;
            return go;
        }

        @Override
        public void end() {
            ends++;
        }

        String bodyText() {
            return body.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private final ResponseParser parser = new ResponseParser(new Limits(64, 5));
    private final Recorder sink = new Recorder();

    /** Feeds the whole text at once, and (in a second parser) byte by byte: both must agree. */
    private Recorder parseWhole(String text, boolean head) throws InvalidResponse {
        parser.expect(head, sink);
        ByteBuffer buffer = buffer(text);
        assertEquals(ResponseParser.Progress.DONE, parser.parse(buffer));
        Recorder byteByByte = new Recorder();
        ResponseParser slow = new ResponseParser(new Limits(64, 5));
        slow.expect(head, byteByByte);
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length && !slow.done(); i++) {
            slow.parse(ByteBuffer.wrap(bytes, i, 1));
        }
        assertTrue(slow.done());
        assertEquals(sink.bodyText(), byteByByte.bodyText());
        assertEquals(sink.heads, byteByByte.heads);
        return sink;
    }

    private static ByteBuffer buffer(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void contentLengthBodyAndKeptConnection() throws InvalidResponse {
        parseWhole("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello", false);
        ResponseHead head = sink.heads.get(0);
        assertEquals(200, head.status());
        assertEquals("OK", head.reason());
        assertEquals(new Field("Content-Type", "text/plain"), head.fields().get(0));
        assertEquals("hello", sink.bodyText());
        assertEquals(1, sink.ends);
        assertTrue(parser.reusable());
        assertEquals(5, parser.bodyBytes());
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailersIsDecoded() throws InvalidResponse {
        parseWhole("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=x\r\nhello\r\n1 \r\n!\r\n0\r\nX-T: 1\r\n\r\n",
                false);
        assertEquals("hello!", sink.bodyText());
        assertTrue(parser.reusable());
    }

    @Test
    void transferEncodingWinsOverContentLength() throws InvalidResponse {
        parseWhole("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", false);
        assertEquals("ok", sink.bodyText());
    }

    @Test
    void bodyUntilCloseEndsWithTheConnectionAndIsNotReusable() throws InvalidResponse {
        parser.expect(false, sink);
        assertEquals(ResponseParser.Progress.NEED_MORE, parser.parse(buffer("HTTP/1.0 200 OK\r\n\r\nsome ")));
        assertEquals(ResponseParser.Progress.NEED_MORE, parser.parse(buffer("bytes")));
        parser.closed();
        assertTrue(parser.done());
        assertEquals("some bytes", sink.bodyText());
        assertEquals(1, sink.ends);
        assertFalse(parser.reusable());
    }

    @Test
    void noBodyForHeadRequestsNorFor204And304() throws InvalidResponse {
        parseWhole("HTTP/1.1 200 OK\r\nContent-Length: 42\r\n\r\n", true);
        assertEquals("", sink.bodyText());
        for (int status : new int[] {204, 304}) {
            Recorder recorder = new Recorder();
            parser.expect(false, recorder);
            assertEquals(ResponseParser.Progress.DONE,
                    parser.parse(buffer("HTTP/1.1 " + status + " X\r\nContent-Length: 3\r\n\r\n")));
            assertEquals(1, recorder.ends);
        }
    }

    @Test
    void interimResponsesAreSkipped() throws InvalidResponse {
        parseWhole("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n", false);
        assertEquals(1, sink.heads.size());
        assertEquals(201, sink.heads.get(0).status());
    }

    @Test
    void connectionCloseOrHttp10MakeTheConnectionUnreusable() throws InvalidResponse {
        parseWhole("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 0\r\n\r\n", false);
        assertFalse(parser.reusable());
        Recorder other = new Recorder();
        parser.expect(false, other);
        parser.parse(buffer("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"));
        assertFalse(parser.reusable());
    }

    @Test
    void pausedSinkKeepsTheRestUnreadAndResumes() throws InvalidResponse {
        parser.expect(false, sink);
        sink.pauseNext = true;
        ByteBuffer buffer = buffer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n");
        assertEquals(ResponseParser.Progress.PAUSED, parser.parse(buffer));
        assertEquals("abc", sink.bodyText());
        assertEquals(ResponseParser.Progress.DONE, parser.parse(buffer));
        assertEquals("abcdef", sink.bodyText());
    }

    @Test
    void bytesAfterTheResponseStayInTheBufferForTheCallerToSee() throws InvalidResponse {
        parser.expect(false, sink);
        ByteBuffer buffer = buffer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n");
        assertEquals(ResponseParser.Progress.DONE, parser.parse(buffer));
        assertEquals("HTTP/1.1 200 OK\r\n".length(), buffer.remaining());
    }

    @Test
    void closedMidBodyOrMidHeadOrBeforeAnyByteSaysWhich() throws InvalidResponse {
        parser.expect(false, sink);
        assertEquals("connection closed before any response byte",
                assertThrows(InvalidResponse.class, parser::closed).getMessage());
        parser.expect(false, sink);
        parser.parse(buffer("HTTP/1.1 200 OK\r\nContent-Le"));
        assertTrue(parser.started());
        assertEquals("connection closed in the middle of the response head",
                assertThrows(InvalidResponse.class, parser::closed).getMessage());
        parser.expect(false, sink);
        parser.parse(buffer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
        assertEquals("connection closed after 3 of 10 body bytes",
                assertThrows(InvalidResponse.class, parser::closed).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SSH-2.0-OpenSSH_9.2\r\n\r\n",
            "HTTP/2 200 OK\r\n\r\n",
            "HTTP/1.1 2000 OK\r\n\r\n",
            "HTTP/1.1 abc OK\r\n\r\n",
            "HTTP/1.1 101 Switching Protocols\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\n\r\n",
            "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX-A : 1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX-A: a\rb\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 3, 4\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: -3\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX-Long: 0123456789012345678901234567890123456789012345678901234567890123456789\r\n\r\n",
            "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\nF: 6\r\n\r\n"})
    void invalidResponsesAreRefusedNotGuessedAt(String response) {
        parser.expect(false, sink);
        assertThrows(InvalidResponse.class, () -> parser.parse(buffer(response)));
    }

    @Test
    void fiveFieldsAreWithinTheLimitOfFive() throws InvalidResponse {
        parseWhole("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nContent-Length: 0\r\n\r\n", false);
        assertEquals(5, sink.heads.get(0).fields().size());
    }
}
