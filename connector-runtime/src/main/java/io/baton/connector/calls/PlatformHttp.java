package io.baton.connector.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP client a connector talks to its platform with: HTTP/1.1, a connect timeout, and a small pool of daemon
 * threads that serve every chat (they only parse answers and chain the next request; nothing waits on them).
 */
public final class PlatformHttp implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ExecutorService pool;
  private final HttpClient client;

  /** How a platform's error answer becomes its {@link PlatformCallFailed} (with the platform's own message). */
  @FunctionalInterface
  public interface Refusal {
    /** @param body the answer as sent (may be empty or not JSON); never put a credential into the message */
    PlatformCallFailed of(String call, int status, Duration retryAfter, String body);
  }

  public PlatformHttp(String threadName, int threads) {
    AtomicInteger n = new AtomicInteger();
    pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    client = new TracedHttpClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
        .connectTimeout(Duration.ofSeconds(5)).build());
  }

  public HttpClient client() {
    return client;
  }

  /**
   * Sends a call of a JSON API: its answer read as JSON (an empty answer as {@code {}}); an error status fails with
   * {@code refusal}'s exception and the answer's {@code Retry-After}; a 2xx that is not JSON fails as a 502
   * "unreadable answer" (worth another try).
   *
   * @param call what the call is in messages ({@code GET /users/{id}}): never a query string or credential
   */
  public CompletableFuture<JsonNode> json(HttpRequest request, String call, Refusal refusal) {
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
      if (r.statusCode() / 100 != 2) {
        throw refusal.of(call, r.statusCode(),
            RetryAfter.parse(r.headers().firstValue("Retry-After").orElse(null), Instant.now()),
            r.body() == null ? "" : r.body());
      }
      try {
        return r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
      } catch (IOException e) {
        throw refusal.of(call + " (unreadable answer)", 502, null, "");
      }
    });
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
