package org.lodestar.upstream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a server's response off its connection as bytes arrive, one response per {@link #expect}: the head
 * (interim 1xx heads skipped), then the body as its framing says (RFC 9112 6.3: none for HEAD, 1xx, 204 and
 * 304; chunked when the last transfer coding is chunked, whatever Content-Length says; else Content-Length;
 * else until the server closes), handed to a {@link Sink} in slices of the read buffer, without copying.
 *
 * <p>Strict where two readings could differ: a status line that is not HTTP/1.0 or 1.1, a folded or
 * malformed header line, disagreeing Content-Lengths, a bad chunk size, or a line or head over the
 * {@link Limits} make the response invalid (502), never guessed at. Not thread-safe: one connection's loop.
 */
final class ResponseParser {
    /** Where a response goes. Called on the connection's loop thread. */
    interface Sink {
        /** The final head; the body (if any) follows. */
        void head(ResponseHead head);

        /**
         * Body bytes, a slice of the read buffer valid during the call only.
         *
         * @return false to pause: {@link #parse} returns {@link Progress#PAUSED} and keeps the rest unread
         */
        boolean content(ByteBuffer content);

        /** The body (or the bodiless response) is complete. */
        void end();
    }

    enum Progress { NEED_MORE, PAUSED, DONE }

    private enum Phase { HEAD, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS, UNTIL_CLOSE, DONE }

    private final Limits limits;
    private Sink sink;
    private boolean headRequest;
    private Phase phase = Phase.DONE;
    private final byte[] line;
    private int lineLength;
    /** Lines of the head being read: status line first. */
    private final List<String> headLines = new ArrayList<>();
    private long remaining;
    private long received;
    private boolean reusable;
    private boolean anyByte;
    private int trailerLines;

    ResponseParser(Limits limits) {
        this.limits = limits;
        this.line = new byte[limits.maxLine()];
    }

    /** Gets ready for the response to the request just sent ({@code headRequest}: it was a HEAD). */
    void expect(boolean headRequest, Sink sink) {
        this.headRequest = headRequest;
        this.sink = sink;
        this.phase = Phase.HEAD;
        this.lineLength = 0;
        this.headLines.clear();
        this.remaining = 0;
        this.received = 0;
        this.reusable = false;
        this.anyByte = false;
        this.trailerLines = 0;
    }

    /** Whether the response is complete. */
    boolean done() {
        return phase == Phase.DONE;
    }

    /** Whether any byte of this response (interim heads included) has arrived. */
    boolean started() {
        return anyByte;
    }

    /** Whether the head has been read (and handed to the sink). */
    boolean headRead() {
        return phase != Phase.HEAD && (phase != Phase.DONE || anyByte);
    }

    /** Once {@link #done}: whether the connection may carry another request. */
    boolean reusable() {
        return reusable;
    }

    /** Body bytes delivered so far. */
    long bodyBytes() {
        return received;
    }

    /**
     * Reads from {@code buffer} (a heap buffer, from its position to its limit) as far as it can, advancing
     * its position past what was read.
     */
    Progress parse(ByteBuffer buffer) throws InvalidResponse {
        while (phase != Phase.DONE) {
            if (!buffer.hasRemaining()) {
                return Progress.NEED_MORE;
            }
            anyByte = true;
            switch (phase) {
                case HEAD -> {
                    if (!readLine(buffer)) {
                        return Progress.NEED_MORE;
                    }
                    headLine();
                }
                case LENGTH, CHUNK_DATA, UNTIL_CLOSE -> {
                    if (!deliver(buffer)) {
                        return Progress.PAUSED;
                    }
                }
                case CHUNK_SIZE -> {
                    if (!readLine(buffer)) {
                        return Progress.NEED_MORE;
                    }
                    chunkSize();
                }
                case CHUNK_DATA_END -> {
                    if (!readLine(buffer)) {
                        return Progress.NEED_MORE;
                    }
                    if (lineLength != 0) {
                        throw new InvalidResponse("chunk data longer than its size");
                    }
                    phase = Phase.CHUNK_SIZE;
                }
                case TRAILERS -> {
                    if (!readLine(buffer)) {
                        return Progress.NEED_MORE;
                    }
                    if (lineLength == 0) {
                        finish();
                    } else if (++trailerLines > limits.maxFields()) {
                        throw new InvalidResponse("more than " + limits.maxFields() + " trailer fields");
                    }
                    lineLength = 0;
                }
                case DONE -> throw new IllegalStateException();
            }
        }
        return Progress.DONE;
    }

    /**
     * The server closed the connection: a body delimited by the close is complete; otherwise the response
     * is cut short.
     *
     * @throws InvalidResponse when the response was cut short (the caller tells whether it had started)
     */
    void closed() throws InvalidResponse {
        switch (phase) {
            case DONE -> {
                // nothing was expected
            }
            case UNTIL_CLOSE -> finish();
            case HEAD -> throw new InvalidResponse(anyByte ? "connection closed in the middle of the response head"
                    : "connection closed before any response byte");
            case LENGTH -> throw new InvalidResponse("connection closed after " + received + " of "
                    + (received + remaining) + " body bytes");
            default -> throw new InvalidResponse("connection closed before the last chunk of a chunked body");
        }
    }

    /** Reads up to the end of a line into {@link #line}; false when the line is not complete yet. */
    private boolean readLine(ByteBuffer buffer) throws InvalidResponse {
        byte[] bytes = buffer.array();
        int offset = buffer.arrayOffset();
        int position = buffer.position();
        int limit = buffer.limit();
        while (position < limit) {
            byte b = bytes[offset + position++];
            if (b == '\n') {
                buffer.position(position);
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
            if (lineLength == line.length) {
                throw new InvalidResponse("a line of the response longer than " + line.length + " bytes");
            }
            line[lineLength++] = b;
        }
        buffer.position(position);
        return false;
    }

    private String lineText() {
        return new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
    }

    private void headLine() throws InvalidResponse {
        if (lineLength == 0) {
            if (headLines.isEmpty()) {
                lineLength = 0;
                return; // a stray empty line before the status line
            }
            headComplete();
            return;
        }
        for (int i = 0; i < lineLength; i++) {
            if (line[i] == '\r' || line[i] == 0) {
                throw new InvalidResponse("a CR or NUL inside a line of the response head");
            }
        }
        if (headLines.size() > limits.maxFields()) {
            throw new InvalidResponse("more than " + limits.maxFields() + " header fields in the response");
        }
        if (!headLines.isEmpty() && (line[0] == ' ' || line[0] == '\t')) {
            throw new InvalidResponse("a folded header line (obs-fold) in the response");
        }
        headLines.add(lineText());
        lineLength = 0;
    }

    private void headComplete() throws InvalidResponse {
        lineLength = 0;
        String statusLine = headLines.get(0);
        boolean http10 = statusLine.startsWith("HTTP/1.0 ");
        if (!http10 && !statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new InvalidResponse("not an HTTP/1.x status line: " + printable(statusLine));
        }
        int status = statusCode(statusLine);
        String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
        List<Field> fields = new ArrayList<>(headLines.size() - 1);
        for (int i = 1; i < headLines.size(); i++) {
            fields.add(field(headLines.get(i)));
        }
        headLines.clear();
        if (status < 200) {
            if (status == 101) {
                throw new InvalidResponse("101 Switching Protocols to a request that asked for no upgrade");
            }
            return; // interim: the final head follows
        }
        ResponseHead head = new ResponseHead(status, reason, fields, http10);
        frame(head);
        sink.head(head);
        if (phase == Phase.DONE) {
            sink.end();
        }
    }

    private static int statusCode(String statusLine) throws InvalidResponse {
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = statusLine.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidResponse("invalid status code in " + printable(statusLine));
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100 || status > 599 || statusLine.length() > 12 && statusLine.charAt(12) != ' ') {
            throw new InvalidResponse("invalid status code in " + printable(statusLine));
        }
        return status;
    }

    private static Field field(String text) throws InvalidResponse {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new InvalidResponse("a header line without a name: " + printable(text));
        }
        for (int i = 0; i < colon; i++) {
            if (!isTokenChar(text.charAt(i))) {
                throw new InvalidResponse("an invalid header name: " + printable(text.substring(0, colon)));
            }
        }
        return new Field(text.substring(0, colon), text.substring(colon + 1).strip());
    }

    private static boolean isTokenChar(char c) {
        return c > ' ' && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    /** Decides how the body is delimited and whether the connection can be kept (RFC 9112 6.3, 9.3). */
    private void frame(ResponseHead head) throws InvalidResponse {
        int status = head.status();
        String lastCoding = null;
        long length = -1;
        for (Field field : head.fields()) {
            if (field.is("Transfer-Encoding")) {
                for (String coding : field.value().split(",")) {
                    if (!coding.isBlank()) {
                        lastCoding = coding.trim().toLowerCase(Locale.ROOT);
                    }
                }
            } else if (field.is("Content-Length")) {
                for (String value : field.value().split(",", -1)) {
                    long parsed = contentLength(value.trim());
                    if (length >= 0 && parsed != length) {
                        throw new InvalidResponse("disagreeing Content-Length values");
                    }
                    length = parsed;
                }
            }
        }
        reusable = !head.http10() && !head.connectionHas("close");
        if (headRequest || status == 204 || status == 304) {
            phase = Phase.DONE;
        } else if (lastCoding != null) {
            if (lastCoding.equals("chunked")) {
                phase = Phase.CHUNK_SIZE;
            } else {
                phase = Phase.UNTIL_CLOSE;
                reusable = false;
            }
        } else if (length >= 0) {
            remaining = length;
            phase = length == 0 ? Phase.DONE : Phase.LENGTH;
        } else {
            phase = Phase.UNTIL_CLOSE;
            reusable = false;
        }
    }

    private static long contentLength(String value) throws InvalidResponse {
        if (value.isEmpty() || value.length() > 18) {
            throw new InvalidResponse("invalid Content-Length: " + printable(value));
        }
        long length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidResponse("invalid Content-Length: " + printable(value));
            }
            length = length * 10 + (c - '0');
        }
        return length;
    }

    private void chunkSize() throws InvalidResponse {
        long size = 0;
        int i = 0;
        for (; i < lineLength; i++) {
            int digit = Character.digit(line[i], 16);
            if (digit < 0) {
                break;
            }
            if (i >= 15) {
                throw new InvalidResponse("a chunk size too large");
            }
            size = size * 16 + digit;
        }
        if (i == 0) {
            throw new InvalidResponse("an invalid chunk size line: " + printable(lineText()));
        }
        for (; i < lineLength && (line[i] == ' ' || line[i] == '\t'); i++) {
            // whitespace before a chunk extension
        }
        if (i < lineLength && line[i] != ';') {
            throw new InvalidResponse("an invalid chunk size line: " + printable(lineText()));
        }
        lineLength = 0;
        if (size == 0) {
            phase = Phase.TRAILERS;
        } else {
            remaining = size;
            phase = Phase.CHUNK_DATA;
        }
    }

    /** Hands body bytes to the sink; false when it paused. */
    private boolean deliver(ByteBuffer buffer) {
        int available = buffer.remaining();
        int n = phase == Phase.UNTIL_CLOSE ? available : (int) Math.min(remaining, available);
        ByteBuffer slice = buffer.slice(buffer.position(), n);
        buffer.position(buffer.position() + n);
        received += n;
        if (phase != Phase.UNTIL_CLOSE) {
            remaining -= n;
            if (remaining == 0) {
                if (phase == Phase.LENGTH) {
                    sink.content(slice); // the last bytes: pausing after them changes nothing
                    finish();
                    return true;
                }
                phase = Phase.CHUNK_DATA_END;
            }
        }
        return sink.content(slice);
    }

    private void finish() {
        phase = Phase.DONE;
        lineLength = 0;
        sink.end();
    }

    private static String printable(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        StringBuilder out = new StringBuilder(shown.length());
        for (char c : shown.toCharArray()) {
            out.append(c >= ' ' && c < 127 ? c : '?');
        }
        return out.toString();
    }
}
