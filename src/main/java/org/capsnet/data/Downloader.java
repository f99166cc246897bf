package org.capsnet.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Downloads one URL into a {@code .part} file, resuming what is already there with an HTTP Range request and
 * retrying transient failures (I/O errors, 5xx, 408, 429) with exponential back-off; an attempt that made progress
 * does not count against the limit. Progress goes to {@code progress} (stderr on the command line).
 */
public final class Downloader {
    /** An HTTP status that ends the attempts on this URL. */
    public static final class HttpStatusException extends IOException {
        private final int status;

        HttpStatusException(URI url, int status) {
            super(url + ": HTTP " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final HttpClient client;
    private final int maxAttempts;
    private final long initialBackoffMillis;
    private final PrintStream progress;

    /** @param maxAttempts attempts per URL without progress; @param initialBackoffMillis doubled after each failure */
    public Downloader(int maxAttempts, long initialBackoffMillis, PrintStream progress) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        this.maxAttempts = maxAttempts;
        this.initialBackoffMillis = initialBackoffMillis;
        this.progress = progress;
    }

    /** Completes {@code part} from {@code url}; on return the part holds the whole body (not yet verified). */
    public void download(URI url, Path part) throws IOException {
        int failures = 0;
        while (true) {
            long before = Files.exists(part) ? Files.size(part) : 0;
            try {
                fetchOnce(url, part);
                return;
            } catch (HttpStatusException e) {
                int s = e.status();
                if (s < 500 && s != 408 && s != 429 || ++failures >= maxAttempts) {
                    throw e;
                }
                progress.println(
                        e.getMessage() + "; retrying in " + (initialBackoffMillis << Math.min(failures, 16)) + " ms");
            } catch (IOException e) {
                long after = Files.exists(part) ? Files.size(part) : 0;
                failures = after > before ? 0 : failures + 1;
                if (failures >= maxAttempts) {
                    throw e;
                }
                progress.println(url + ": failed after " + after + " bytes (" + describe(e) + "); retrying in "
                        + (initialBackoffMillis << Math.min(failures, 16)) + " ms");
            }
            sleep(initialBackoffMillis << Math.min(failures, 16));
        }
    }

    private void fetchOnce(URI url, Path part) throws IOException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        HttpRequest.Builder request =
                HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(2)).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        int status = response.statusCode();
        try (InputStream body = response.body()) {
            if (status == 416 && have > 0) {
                return; // the part already holds the whole file; the checksum decides
            }
            boolean append = status == 206
                    && have > 0
                    && response.headers().firstValue("Content-Range").orElse("").startsWith("bytes " + have + "-");
            if (status != 200 && !append) {
                throw new HttpStatusException(url, status);
            }
            long start = append ? have : 0;
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            long total = length < 0 ? -1 : start + length;
            try (OutputStream out = Files.newOutputStream(
                    part,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                copy(body, out, url, start, total);
            }
            if (total >= 0 && Files.size(part) != total) {
                throw new IOException("connection closed after " + Files.size(part) + " of " + total + " bytes");
            }
        }
    }

    private void copy(InputStream in, OutputStream out, URI url, long start, long total) throws IOException {
        byte[] buf = new byte[1 << 16];
        long done = start;
        int lastTenth = total > 0 ? (int) (10 * start / total) : 0;
        String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
        progress.println(name + ": " + (start > 0 ? "resuming at " + start + " bytes" : "downloading") + " from "
                + url.getHost() + (total > 0 ? " (" + total + " bytes)" : ""));
        int r;
        while ((r = in.read(buf)) > 0) {
            out.write(buf, 0, r);
            done += r;
            if (total > 0 && (int) (10 * done / total) > lastTenth) {
                lastTenth = (int) (10 * done / total);
                progress.printf("%s: %d%% (%d of %d bytes)%n", name, 10 * lastTenth, done, total);
            }
        }
        out.flush();
    }

    /** A readable one-line cause: the first non-empty message along the cause chain, with its exception type. */
    public static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return e.getClass().getSimpleName()
                + (root == e ? "" : " (" + root.getClass().getSimpleName() + ")");
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
