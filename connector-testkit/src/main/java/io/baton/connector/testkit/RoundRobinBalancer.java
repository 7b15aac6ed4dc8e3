package io.baton.connector.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A load balancer in front of several connector instances, as a deployment has: each POST (a platform's webhook)
 * goes to the next instance in turn, with its body and its {@code X-} and {@code Content-Type} headers, and its
 * answer goes back to the platform. Point the platform's webhook URL at {@link #url()}. An instance stopped is taken
 * out ({@link #remove}), as a health check would; with none left the platform gets 503, and an instance going away
 * mid-request leaves the platform without an answer (both are retried by the platform).
 */
public final class RoundRobinBalancer implements AutoCloseable {
  private final HttpServer server;
  private final List<Integer> ports = new CopyOnWriteArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicIntegerArray served = new AtomicIntegerArray(16);
  private final HttpClient http = HttpClient.newHttpClient();

  public RoundRobinBalancer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        if (ports.isEmpty()) {
          exchange.sendResponseHeaders(503, -1);
          return;
        }
        int i = Math.floorMod(next.getAndIncrement(), ports.size());
        served.incrementAndGet(i);
        // The method as sent: a GET is an activation checking the address (Chat2Desk), not a delivery.
        byte[] body = exchange.getRequestBody().readAllBytes();
        String method = exchange.getRequestMethod();
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create("http://localhost:" + ports.get(i)
            + exchange.getRequestURI())).method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          if (lower.startsWith("x-") || lower.equals("content-type")) {
            values.forEach(v -> forward.header(name, v));
          }
        });
        HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
        exchange.getResponseBody().write(answer.body());
      } catch (IOException e) {
        // the instance went away mid-request: no answer, the platform tries again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
  }

  /** Adds an instance listening on {@code port}; it gets every n-th request from now on. */
  public void add(int port) {
    ports.add(port);
  }

  /** Takes the instance listening on {@code port} out (it stopped). */
  public void remove(int port) {
    ports.remove(Integer.valueOf(port));
  }

  public String url() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  /** Requests dealt to the {@code i}-th instance of those in the balancer now. */
  public int served(int i) {
    return served.get(i);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
