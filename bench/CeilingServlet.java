import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The ceiling of the throughput benchmark: the most any servlet can serve on this Payara Micro, with the
 * same pre-boot file and JVM options as Lodestar, answering from memory what the stubs answer (no proxying,
 * no filters, no security constraints). Built into target/bench/ceiling.war by bench/ceiling-war, with
 * {@link StubContent}'s bodies byte for byte. Any path ending in {@code /download} is the 10 MiB body, any
 * path under {@code /static/} the 120 KiB stylesheet, anything else the 6 KiB page; so the proxies' paths
 * ({@code /spark/}, {@code /spark/download}) work too, and bench/compare can take it as one more variant.
 */
@WebServlet(urlPatterns = "/*")
public class CeilingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final byte[] PAGE = StubContent.page("ceiling", 0);
    private static final byte[] CSS = StubContent.css();
    private static final byte[] CHUNK = StubContent.chunk();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        if (path.endsWith("/download")) {
            response.setContentType("application/octet-stream");
            response.setContentLengthLong((long) CHUNK.length * StubContent.DOWNLOAD_CHUNKS);
            OutputStream out = response.getOutputStream();
            for (int i = 0; i < StubContent.DOWNLOAD_CHUNKS; i++) {
                out.write(CHUNK);
            }
            return;
        }
        byte[] body = path.startsWith("/static/") ? CSS : PAGE;
        response.setContentType(body == CSS ? "text/css" : "text/html; charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
