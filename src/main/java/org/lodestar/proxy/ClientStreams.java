package org.lodestar.proxy;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Wrappers for the client side of a forwarded request: they count bytes for the stats and turn an I/O
 * failure on the client connection into {@link ClientAbortedException}, so it is never mistaken for a
 * server failure (and never retried or answered with 502).
 */
final class ClientStreams {
    private ClientStreams() {
    }

    static InputStream requestBody(InputStream in, Exchange exchange) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = guardRead(in::read);
                if (b >= 0) {
                    exchange.bytesIn++;
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = guardRead(() -> in.read(buffer, offset, length));
                if (n > 0) {
                    exchange.bytesIn += n;
                }
                return n;
            }
        };
    }

    static OutputStream responseBody(OutputStream out, Exchange exchange) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                guardWrite(() -> out.write(b));
                exchange.bytesOut++;
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                guardWrite(() -> out.write(buffer, offset, length));
                exchange.bytesOut += length;
            }

            @Override
            public void flush() throws IOException {
                guardWrite(out::flush);
            }
        };
    }

    private interface IoInt {
        int run() throws IOException;
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static int guardRead(IoInt read) throws IOException {
        try {
            return read.run();
        } catch (ClientAbortedException e) {
            throw e;
        } catch (IOException e) {
            throw new ClientAbortedException(e);
        }
    }

    private static void guardWrite(IoAction write) throws IOException {
        try {
            write.run();
        } catch (ClientAbortedException e) {
            throw e;
        } catch (IOException e) {
            throw new ClientAbortedException(e);
        }
    }
}
