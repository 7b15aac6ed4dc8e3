package io.baton.connector.zendesk.sunco;

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

/**
 * The connector's public URL in tests, as a deployment's load balancer: the one webhook target of the integration,
 * dealing each POST round-robin to the instances running now (an instance stopped is taken out, as a health check
 * would), so a restarted instance on another port still gets SunCo's webhooks.
 */
final class FrontDoor implements AutoCloseable {
  private final HttpServer server;
  private final List<Integer> ports = new CopyOnWriteArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final HttpClient http = HttpClient.newHttpClient();

  FrontDoor() throws IOException {
    server = HttpServer.create(new InetSocketAddress(0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        if (ports.isEmpty()) {
          exchange.sendResponseHeaders(503, -1);
          return;
        }
        int port = ports.get(Math.floorMod(next.getAndIncrement(), ports.size()));
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create("http://localhost:" + port
            + exchange.getRequestURI())).POST(HttpRequest.BodyPublishers.ofByteArray(
                exchange.getRequestBody().readAllBytes()));
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
        // the instance went away mid-request: no answer, SunCo tries again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
  }

  void add(int port) {
    ports.add(port);
  }

  void remove(int port) {
    ports.remove(Integer.valueOf(port));
  }

  String url() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
