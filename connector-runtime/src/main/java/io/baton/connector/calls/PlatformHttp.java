package io.baton.connector.calls;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP client a connector talks to its platform with: HTTP/1.1, a connect timeout, and a small pool of daemon
 * threads that serve every chat (they only parse answers and chain the next request; nothing waits on them).
 */
public final class PlatformHttp implements AutoCloseable {
  private final ExecutorService pool;
  private final HttpClient client;

  public PlatformHttp(String threadName, int threads) {
    AtomicInteger n = new AtomicInteger();
    pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  public HttpClient client() {
    return client;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
