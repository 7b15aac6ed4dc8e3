package io.baton.connector.salesforce;

import io.baton.events.Attachment;
import io.baton.events.VisitorMessage;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the Live Agent and MIAW platforms share: an HTTP client on a small fixed pool (a few threads serve every chat:
 * they only parse answers and chain the next request), and a visitor message as the plain text both APIs take.
 */
public final class SalesforceHttp implements AutoCloseable {
  private final ExecutorService pool;
  private final HttpClient client;

  public SalesforceHttp(String threadName) {
    AtomicInteger n = new AtomicInteger();
    pool = Executors.newFixedThreadPool(4, r -> {
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

  /** The text, then each attachment as a line {@code [name] url}: neither API takes attachments from a visitor. */
  public static String text(VisitorMessage message) {
    StringBuilder text = new StringBuilder(message.getText());
    for (Attachment a : message.getAttachments()) {
      text.append("\n[").append(a.getName()).append("] ").append(a.getUrl());
    }
    return text.toString();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
