package org.regiokg.remote;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.jena.query.ARQ;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.riot.rowset.RowSetReaderRegistry;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.http.QueryExceptionHTTP;
import org.apache.jena.sparql.exec.RowSet;

/**
 * The rows of one SELECT run by the remote store, read as they arrive, and ended at the time limit
 * or as soon as the query is cancelled (its HTTP client hung up, or ARQ's own timeout): whichever
 * comes first, the exchange with the store is cancelled, which closes its connection, and the reader
 * gets a {@link QueryCancelledException}. Nothing is sent before the first {@link #hasNext()}, so a
 * plan is built without waiting on the network.
 *
 * <p>Why not Jena's QueryExecHTTP: its timeout covers only the wait for the response's headers, and
 * its abort does not end a read that blocks on the body, so a store that answers with headers at once
 * and rows much later kept a question running for minutes past its limit. Here the body comes through
 * a queue that the reader polls every tick, checking the deadline and the cancel signal in between.
 */
final class RemoteRows implements Iterator<Binding>, AutoCloseable {
    private static final long TICK_MS = 50;
    private static final String ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9";

    private final HttpClient http;
    private final HttpRequest request;
    private final long deadlineNanos;
    private final AtomicBoolean signal;
    private volatile boolean cancelled, closed;
    private volatile CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> exchange;
    private volatile Body body;
    private RowSet rows;

    /**
     * A SELECT on the endpoint; {@code timeoutMillis} 0 for none; {@code signal} the query's cancel
     * signal (org.regiokg.storage.QueryGuard sets it at the limit and when the client has gone).
     */
    RemoteRows(RemoteEndpoint endpoint, Query select, long timeoutMillis, AtomicBoolean signal) {
        this.http = endpoint.http();
        this.signal = signal == null ? new AtomicBoolean() : signal;
        this.deadlineNanos = timeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : Long.MAX_VALUE;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint.queryUrl()))
                // As an HTML form: Virtuoso 7.2 leaves a body of type application/sparql-query unanswered.
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", ACCEPT)
                .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(select.toString(), StandardCharsets.UTF_8), StandardCharsets.US_ASCII));
        if (timeoutMillis > 0) b.timeout(Duration.ofMillis(timeoutMillis));
        this.request = b.build();
    }

    /** Ends the exchange from any thread; the reader then gets a QueryCancelledException. */
    void cancel() {
        cancelled = true;
        abandon();
    }

    @Override
    public boolean hasNext() {
        if (closed) return false;
        if (rows == null) start();
        check();
        try {
            return rows.hasNext();
        } catch (RuntimeException e) {
            // The results parser wraps what the body's stream threw.
            for (Throwable t = e; t != null; t = t.getCause())
                if (t instanceof QueryCancelledException) throw new QueryCancelledException();
            throw e;
        }
    }

    @Override
    public Binding next() {
        if (!hasNext()) throw new NoSuchElementException();
        return rows.next();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        // Rows left unread: the connection goes, rather than reading the rest to reuse it.
        abandon();
        if (rows != null) rows.close();
    }

    private void start() {
        check();
        exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofPublisher());
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = awaitHeaders();
        Body b = new Body();
        body = b;
        response.body().subscribe(b);
        if (response.statusCode() != 200) {
            String message = b.text(2000);
            close();
            throw new QueryExceptionHTTP(response.statusCode(), "the store at " + request.uri() + " answered " + response.statusCode() + ": " + message);
        }
        Lang lang = response.headers().firstValue("Content-Type").map(RDFLanguages::contentTypeToLang).orElse(null);
        if (lang == null || !RowSetReaderRegistry.isRegistered(lang)) lang = ResultSetLang.RS_JSON;
        rows = RowSetReaderRegistry.createReader(lang).read(b, ARQ.getContext());
    }

    private HttpResponse<Flow.Publisher<List<ByteBuffer>>> awaitHeaders() {
        while (true) {
            check();
            try {
                return exchange.get(TICK_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                // check again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                throw new QueryCancelledException();
            } catch (java.util.concurrent.CancellationException e) {
                throw new QueryCancelledException();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof HttpTimeoutException) throw new QueryCancelledException();
                throw new QueryExceptionHTTP(QueryExceptionHTTP.NoServer, "the store at " + request.uri() + " could not be reached: " + e.getCause());
            }
        }
    }

    private void check() {
        if (cancelled || signal.get() || System.nanoTime() > deadlineNanos) {
            abandon();
            throw new QueryCancelledException();
        }
    }

    private void abandon() {
        var e = exchange;
        if (e != null) e.cancel(true);
        Body b = body;
        if (b != null) b.cancel();
    }

    /** The response body as a stream the reader polls, so that a store that stalls cannot hold it. */
    private final class Body extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {
        private static final Object END = new Object();
        private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private volatile Flow.Subscription subscription;
        private ByteBuffer current = ByteBuffer.allocate(0);
        private Iterator<ByteBuffer> buffers = List.<ByteBuffer>of().iterator();
        private boolean ended;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled || closed) s.cancel();
            else s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            queue.add(item);
        }

        @Override
        public void onError(Throwable t) {
            queue.add(t);
        }

        @Override
        public void onComplete() {
            queue.add(END);
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) s.cancel();
        }

        /** Up to {@code max} characters of an error's body, within the time limit. */
        String text(int max) {
            byte[] bytes = new byte[max];
            int n = 0;
            try {
                for (int r; n < max && (r = read(bytes, n, max - n)) > 0;) n += r;
            } catch (IOException | RuntimeException e) {
                // what there is
            }
            return new String(bytes, 0, n, StandardCharsets.UTF_8).strip();
        }

        /** True with bytes in {@code current}; false at the end of the body. */
        private boolean fill() throws IOException {
            while (!current.hasRemaining()) {
                if (buffers.hasNext()) {
                    current = buffers.next();
                    continue;
                }
                if (ended) return false;
                Object item;
                do {
                    check();
                    try {
                        item = queue.poll(TICK_MS, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        RemoteRows.this.cancel();
                        throw new QueryCancelledException();
                    }
                } while (item == null);
                if (item == END) {
                    ended = true;
                    return false;
                }
                if (item instanceof Throwable t) throw new IOException("reading the store's answer: " + t, t);
                @SuppressWarnings("unchecked")
                List<ByteBuffer> list = (List<ByteBuffer>) item;
                buffers = list.iterator();
                subscription.request(1);
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? current.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (!fill()) return -1;
            int n = Math.min(len, current.remaining());
            current.get(b, off, n);
            return n;
        }
    }
}
