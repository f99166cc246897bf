package org.capsnet.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK HTTP server on 127.0.0.1 serving files under /NAME/ with Range support. Per file it can corrupt the body,
 * or drop the connection half-way through the first request. Records every request ("GET /path Range").
 */
final class LoopbackMirror implements AutoCloseable {
    private final HttpServer server;
    private final String prefix;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Set<String> corrupt = ConcurrentHashMap.newKeySet();
    private final Set<String> dropOnce = ConcurrentHashMap.newKeySet();
    private final Set<String> unavailableOnce = ConcurrentHashMap.newKeySet();
    final List<String> requests = new CopyOnWriteArrayList<>();

    LoopbackMirror(String prefix) throws IOException {
        this.prefix = prefix;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/" + prefix + "/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + prefix + "/");
    }

    LoopbackMirror serve(String name, byte[] content) {
        files.put(name, content);
        return this;
    }

    LoopbackMirror corrupt(String name) {
        corrupt.add(name);
        return this;
    }

    LoopbackMirror dropOnce(String name) {
        dropOnce.add(name);
        return this;
    }

    LoopbackMirror unavailableOnce(String name) {
        unavailableOnce.add(name);
        return this;
    }

    private void handle(HttpExchange ex) throws IOException {
        String name = ex.getRequestURI().getPath().substring(prefix.length() + 2);
        String range = ex.getRequestHeaders().getFirst("Range");
        requests.add("GET " + ex.getRequestURI().getPath() + (range == null ? "" : " " + range));
        byte[] content = files.get(name);
        if (content == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        if (unavailableOnce.remove(name)) {
            ex.sendResponseHeaders(503, -1);
            ex.close();
            return;
        }
        if (corrupt.contains(name)) {
            content = content.clone();
            content[content.length / 2] ^= 0x55;
        }
        int start = 0;
        if (range != null && range.startsWith("bytes=")) {
            start = Integer.parseInt(range.substring(6, range.indexOf('-')));
            if (start >= content.length) {
                ex.sendResponseHeaders(416, -1);
                ex.close();
                return;
            }
            ex.getResponseHeaders()
                    .add("Content-Range", "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
        }
        int length = content.length - start;
        ex.sendResponseHeaders(range == null ? 200 : 206, length);
        OutputStream out = ex.getResponseBody();
        if (dropOnce.remove(name)) {
            out.write(content, start, length / 2);
            out.flush();
            throw new IOException("simulated connection drop");
        }
        out.write(content, start, length);
        out.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
