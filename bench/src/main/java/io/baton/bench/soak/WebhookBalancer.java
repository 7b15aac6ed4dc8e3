package io.baton.bench.soak;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load balancer a deployment puts in front of a connector's instances: a platform has one webhook URL per
 * subscription, so its webhooks reach whichever instance is up. Each request goes to the instances in turn; one
 * that refuses the connection (dead or starting) or answers 503 (started, still registering its endpoints: not
 * ready) passes it to the next, as a balancer routing only to ready instances does (a readiness probe, or retrying
 * the next upstream on 503). Any other answer is the platform's to judge, its {@code Retry-After} with it; every
 * instance refusing is a 502, or the last 503, which the platform retries as it would a real balancer's.
 */
public final class WebhookBalancer implements AutoCloseable {
  /** Headers the JDK client sets itself and refuses to be given. */
  private static final Set<String> OWN_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade");
  private final HttpServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final List<Integer> backends;
  private final AtomicInteger next = new AtomicInteger();
  /** Requests an instance refused and the next one took. */
  public final AtomicInteger failovers = new AtomicInteger();
  /** Requests an instance answered 503 (not ready) and the next one took. */
  public final AtomicInteger notReady = new AtomicInteger();

  public WebhookBalancer(List<Integer> backends) throws IOException {
    this.backends = List.copyOf(backends);
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 50);
    server.setExecutor(Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "webhook-balancer");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::forward);
    server.start();
  }

  public String url() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      int first = Math.floorMod(next.getAndIncrement(), backends.size());
      for (int i = 0; i < backends.size(); i++) {
        int port = backends.get((first + i) % backends.size());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
            + exchange.getRequestURI())).timeout(Duration.ofSeconds(10))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
          if (!OWN_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            values.forEach(v -> request.header(name, v));
          }
        });
        HttpResponse<byte[]> answer;
        try {
          answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
          failovers.incrementAndGet();
          continue;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        if (answer.statusCode() == 503 && i + 1 < backends.size()) {
          // Without this, one 503 from a restarting instance stalls SunCo's whole webhook lane for its minute of
          // retry wait: what a deployment's readiness probe keeps from happening.
          notReady.incrementAndGet();
          continue;
        }
        for (String header : List.of("Content-Type", "Retry-After")) {
          answer.headers().firstValue(header).ifPresent(v -> exchange.getResponseHeaders().set(header, v));
        }
        byte[] out = answer.body();
        exchange.sendResponseHeaders(answer.statusCode(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
          try (OutputStream o = exchange.getResponseBody()) {
            o.write(out);
          }
        }
        return;
      }
      exchange.sendResponseHeaders(502, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
