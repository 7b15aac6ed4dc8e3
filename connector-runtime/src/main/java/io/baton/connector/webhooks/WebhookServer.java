package io.baton.connector.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server webhook-driven connectors share: {@code POST /webhooks/<endpoint>[/...]}. Per call: the body is read
 * (at most {@link #MAX_BODY_BYTES}), the endpoint's signature check runs over the raw bytes (401 if it fails), the
 * platform's event id is required (400 without), an id handled lately is acknowledged without handling it again
 * (200), concurrent deliveries of one id share one handling, and the platform gets 200 only after the handler
 * recorded the event, 503 when it could not (so the platform retries). Errors are application/problem+json.
 */
public final class WebhookServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);
  public static final int MAX_BODY_BYTES = 1 << 20;
  private static final Duration HANDLER_TIMEOUT = Duration.ofSeconds(20);

  private final HttpServer server;
  private final ExecutorService threads;
  private final Map<String, WebhookEndpoint> endpoints = new ConcurrentHashMap<>();
  private final Map<String, SeenEventIds> seen = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

  public WebhookServer(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new IllegalStateException("could not listen on port " + port, e);
    }
    threads = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "webhooks");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/", this::serve);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public void register(WebhookEndpoint endpoint) {
    endpoints.put(endpoint.name(), endpoint);
    seen.put(endpoint.name(), new SeenEventIds(100_000, Duration.ofHours(1), System::nanoTime));
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String[] parts = exchange.getRequestURI().getPath().split("/", 4); // "", "webhooks", name, rest
      WebhookEndpoint endpoint = parts.length >= 3 && parts[1].equals("webhooks") ? endpoints.get(parts[2]) : null;
      if (endpoint == null) {
        problem(exchange, 404, "not-found", "No webhook endpoint here");
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().add("Allow", "POST");
        problem(exchange, 405, "method-not-allowed", "Webhooks are POSTed");
        return;
      }
      byte[] body = readAtMost(exchange.getRequestBody(), MAX_BODY_BYTES);
      if (body == null) {
        problem(exchange, 413, "too-large", "The body is larger than " + MAX_BODY_BYTES + " bytes");
        return;
      }
      Map<String, List<String>> headers = new HashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      WebhookRequest request = new WebhookRequest(parts.length == 4 ? parts[3] : "", Map.copyOf(headers), body);
      if (!endpoint.signature().verify(request)) {
        log.warn("webhook {}: bad signature", endpoint.name()); // never the body or headers: they may hold secrets
        problem(exchange, 401, "bad-signature", "The signature does not match");
        return;
      }
      Optional<String> eventId;
      try {
        eventId = endpoint.eventId().apply(request);
      } catch (RuntimeException e) {
        eventId = Optional.empty();
      }
      if (eventId.isEmpty() || eventId.get().isBlank()) {
        problem(exchange, 400, "no-event-id", "The call carries no event id");
        return;
      }
      String id = eventId.get();
      if (seen.get(endpoint.name()).contains(id)) {
        respond(exchange, 200, "application/json", "{\"status\":\"duplicate\"}");
        return;
      }
      String key = endpoint.name() + "\n" + id;
      CompletableFuture<Void> mine = new CompletableFuture<>();
      CompletableFuture<Void> running = inFlight.putIfAbsent(key, mine);
      boolean first = running == null;
      if (first) {
        running = mine;
        try {
          endpoint.handler().apply(request).whenComplete((x, e) -> {
            if (e == null) {
              seen.get(endpoint.name()).add(id);
              mine.complete(null);
            } else {
              mine.completeExceptionally(e);
            }
            inFlight.remove(key, mine);
          });
        } catch (RuntimeException e) {
          inFlight.remove(key, mine);
          mine.completeExceptionally(e);
        }
      }
      try {
        running.get(HANDLER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        respond(exchange, 200, "application/json", first ? "{\"status\":\"accepted\"}" : "{\"status\":\"duplicate\"}");
      } catch (Exception e) {
        log.warn("webhook {}: event {} not recorded: {}", endpoint.name(), id, e.toString());
        problem(exchange, 503, "not-recorded", "The event could not be recorded; retry later");
      }
    }
  }

  private static byte[] readAtMost(InputStream in, int max) throws IOException {
    byte[] bytes = in.readNBytes(max + 1);
    return bytes.length > max ? null : bytes;
  }

  private static void problem(HttpExchange exchange, int status, String type, String detail) throws IOException {
    String json =
        "{\"type\":\"urn:baton:webhooks:" + type + "\",\"title\":\"" + detail + "\",\"status\":" + status + "}";
    respond(exchange, status, "application/problem+json", json);
  }

  private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
