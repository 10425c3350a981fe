package org.regiokg.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.regiokg.history.Attribution;

/**
 * Limits in front of Fuseki's SPARQL endpoints, which have none of their own:
 * <ul>
 * <li>the size of a query or update (parsing runs outside the time limit and grows faster than
 *     linearly: a 10 MB query held a core for a minute), answered 413;</li>
 * <li>the nesting depth of braces and brackets (deep nesting overflows the parser's stack), 400;</li>
 * <li>an answer is held back until it is complete (in memory, past a size in a temporary file), so
 *     that a query that times out while its rows are written is answered 503, not 200 with a cut-off
 *     body that does not parse.</li>
 * </ul>
 */
final class SparqlRequestLimits implements Filter {
    /** What Fuseki writes into a body whose query timed out after the status was sent. */
    private static final byte[] CANCELLED = "Query cancelled due to timeout".getBytes(StandardCharsets.US_ASCII);

    private final long maxQueryBytes;
    private static final long DISCARD_BYTES = 2L << 20;
    private final int maxNesting;
    private final int holdBackBytes;

    SparqlRequestLimits(long maxQueryBytes, int maxNesting, int holdBackBytes) {
        this.maxQueryBytes = maxQueryBytes;
        this.maxNesting = maxNesting;
        this.holdBackBytes = holdBackBytes;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (request.getContentLengthLong() > maxQueryBytes) {
            discardBody(request);
            refuse(response, 413, "The request has " + request.getContentLengthLong() + " bytes; this server takes queries and updates of at most "
                    + maxQueryBytes + " bytes (server option --max-query-bytes).");
            return;
        }
        HttpServletRequest body = request;
        String type = request.getContentType() == null ? "" : request.getContentType();
        boolean sparqlBody = type.startsWith("application/sparql-query") || type.startsWith("application/sparql-update");
        if ("POST".equals(request.getMethod()) && (sparqlBody || request.getContentLengthLong() < 0)) {
            byte[] bytes = readAtMost(request.getInputStream(), maxQueryBytes + 1);
            if (bytes.length > maxQueryBytes) {
                discardBody(request);
                refuse(response, 413, "The request has more than " + maxQueryBytes + " bytes; this server takes queries and updates of at most "
                        + maxQueryBytes + " bytes (server option --max-query-bytes).");
                return;
            }
            body = new BufferedBody(request, bytes);
        }
        String text = body instanceof BufferedBody buffered && sparqlBody
                ? new String(buffered.bytes, StandardCharsets.UTF_8)
                : firstOf(body.getParameter("query"), body.getParameter("update"));
        if (text != null && text.length() > maxQueryBytes) {
            refuse(response, 413, "The query has " + text.length() + " characters; this server takes queries and updates of at most "
                    + maxQueryBytes + " bytes (server option --max-query-bytes).");
            return;
        }
        int depth = text == null ? 0 : nesting(text);
        if (depth > maxNesting) {
            refuse(response, 400, "The query nests braces or brackets " + depth + " deep; this server takes at most " + maxNesting + ".");
            return;
        }
        HeldBack held = new HeldBack(response, holdBackBytes);
        // An update is recorded in the change log with its user and its text (org.regiokg.history).
        try (var by = Attribution.of(request.getRemoteUser(), text, "SPARQL update").open()) {
            chain.doFilter(body, held);
        }
        held.finish();
    }

    private static String firstOf(String a, String b) {
        return a != null ? a : b;
    }

    /** The deepest nesting of { ( [ outside strings, IRIs and comments; enough to refuse a stack-deep query early. */
    static int nesting(String text) {
        int depth = 0, max = 0;
        char quote = 0;
        boolean comment = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (comment) { if (c == '\n') comment = false; continue; }
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
                continue;
            }
            switch (c) {
                case '"', '\'' -> quote = c;
                case '#' -> comment = true;
                case '{', '(', '[' -> max = Math.max(max, ++depth);
                case '}', ')', ']' -> depth = Math.max(0, depth - 1);
                default -> { }
            }
        }
        return max;
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().println(message);
    }

    /**
     * Reads and drops a refused body of up to {@link #DISCARD_BYTES} before answering: a server that answers and
     * closes while the client is still sending makes the client's TCP stack reset the connection, and the client
     * sees "connection reset" instead of the 413 (seen in CI with 200 KB; Tomcat's maxSwallowSize does the same).
     * Larger bodies are not read: the answer goes out with {@code Connection: close}.
     */
    static void discardBody(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > DISCARD_BYTES) return;
        InputStream in = request.getInputStream();
        byte[] chunk = new byte[16384];
        for (long read = 0, n; read <= DISCARD_BYTES && (n = in.read(chunk)) >= 0; read += n) { }
    }

    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        for (int n; out.size() < limit && (n = in.read(chunk, 0, (int) Math.min(chunk.length, limit - out.size()))) > 0; )
            out.write(chunk, 0, n);
        return out.toByteArray();
    }

    /** A request whose body was read already (to count it) and is read again from memory. */
    private static final class BufferedBody extends HttpServletRequestWrapper {
        private final byte[] bytes;

        BufferedBody(HttpServletRequest request, byte[] bytes) {
            super(request);
            this.bytes = bytes;
        }

        @Override
        public ServletInputStream getInputStream() {
            java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(bytes);
            return new ServletInputStream() {
                @Override public int read() { return in.read(); }
                @Override public int read(byte[] b, int off, int len) { return in.read(b, off, len); }
                @Override public boolean isFinished() { return in.available() == 0; }
                @Override public boolean isReady() { return true; }
                @Override public void setReadListener(ReadListener listener) { throw new UnsupportedOperationException(); }
            };
        }

        @Override
        public int getContentLength() {
            return bytes.length;
        }

        @Override
        public long getContentLengthLong() {
            return bytes.length;
        }
    }

    /**
     * The whole answer held back until it is complete: in memory up to the limit, past it in a
     * temporary file (the time limit bounds how much a query can write), so that an answer whose
     * query timed out is replaced by a 503 whatever its size. The file is deleted when sent.
     */
    private static final class HeldBack extends HttpServletResponseWrapper {
        private final HttpServletResponse response;
        private final int limit;
        private final ByteArrayOutputStream held = new ByteArrayOutputStream();
        private java.nio.file.Path spill;
        private java.io.OutputStream spillOut;
        private long spilled;
        private ServletOutputStream stream;
        private PrintWriter writer;

        HeldBack(HttpServletResponse response, int limit) {
            super(response);
            this.response = response;
            this.limit = limit;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            if (stream == null) stream = new ServletOutputStream() {
                @Override public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }
                @Override public void write(byte[] b, int off, int len) throws IOException { hold(b, off, len); }
                @Override public void flush() { }
                @Override public boolean isReady() { return true; }
                @Override public void setWriteListener(WriteListener listener) { throw new UnsupportedOperationException(); }
            };
            return stream;
        }

        @Override
        public PrintWriter getWriter() {
            if (writer == null) {
                String charset = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), java.nio.charset.Charset.forName(charset)));
            }
            return writer;
        }

        @Override
        public void flushBuffer() throws IOException {
            // Nothing leaves before the answer is complete.
            if (writer != null) writer.flush();
        }

        @Override
        public void setContentLength(int len) {
            // The length is set when the held answer is sent.
        }

        @Override
        public void setContentLengthLong(long len) {
        }

        private void hold(byte[] b, int off, int len) throws IOException {
            if (spillOut != null) {
                spillOut.write(b, off, len);
                spilled += len;
                return;
            }
            held.write(b, off, len);
            if (held.size() > limit) {
                spill = java.nio.file.Files.createTempFile("regiokg-answer-", ".part");
                spillOut = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(spill), 1 << 16);
                held.writeTo(spillOut);
                spilled = held.size();
                held.reset();
            }
        }

        void finish() throws IOException {
            if (writer != null) writer.flush();
            try {
                byte[] tail;
                if (spillOut != null) {
                    spillOut.close();
                    tail = tailOf(spill, 400);
                } else {
                    tail = held.toByteArray();
                }
                if (endsWithCancellation(tail)) {
                    // Fuseki may have set an error status after the rows; the cause is the time limit either way.
                    response.reset();
                    refuse(response, 503, "The query ran longer than the server's time limit (server option --query-timeout) and was cancelled.");
                    return;
                }
                if (spill != null) {
                    if (!response.isCommitted()) response.setContentLengthLong(spilled);
                    java.nio.file.Files.copy(spill, response.getOutputStream());
                } else {
                    if (!response.isCommitted()) response.setContentLength(held.size());
                    held.writeTo(response.getOutputStream());
                }
            } finally {
                if (spill != null) java.nio.file.Files.deleteIfExists(spill);
            }
        }

        private static byte[] tailOf(java.nio.file.Path file, int n) throws IOException {
            try (var channel = java.nio.channels.FileChannel.open(file)) {
                long size = channel.size();
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.min(n, size));
                channel.read(buffer, size - buffer.capacity());
                return buffer.array();
            }
        }

        private static boolean endsWithCancellation(byte[] body) {
            int from = Math.max(0, body.length - 400);
            outer:
            for (int i = from; i <= body.length - CANCELLED.length; i++) {
                for (int j = 0; j < CANCELLED.length; j++)
                    if (body[i + j] != CANCELLED[j]) continue outer;
                return true;
            }
            return false;
        }
    }
}
