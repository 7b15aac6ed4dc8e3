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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server webhook-driven connectors share: {@code POST /webhooks/<endpoint>[/...]} ({@code GET} on a
 * registered endpoint answers 200, so an activation can check that an address reaches this server). Per call: the body is read
 * (at most {@link #MAX_BODY_BYTES}), the endpoint's signature check runs over the raw bytes (401 if it fails; 503
 * while the instance cannot check it yet, or is still registering its endpoints), the delivery's events each need the platform's event id (400 without),
 * events handled lately here are left out (a delivery of only those is answered 200 at once; the conversation's
 * owner drops repeats durably anyway), and the platform gets 200 only after the handler recorded the rest, 503 when
 * it could not (so the platform retries; a 503 says {@code Retry-After}). Errors are application/problem+json.
 */
public final class WebhookServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);
  public static final int MAX_BODY_BYTES = 1 << 20;
  private static final Duration HANDLER_TIMEOUT = Duration.ofSeconds(20);
  /** What a 503 asks the platform to wait before it tries again. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(10);

  private final HttpServer server;
  private final ExecutorService threads;
  private final Duration retryAfter;
  private final Map<String, WebhookEndpoint> endpoints = new ConcurrentHashMap<>();
  private final Map<String, SeenEventIds> seen = new ConcurrentHashMap<>();
  private volatile boolean listening;
  /** Set while the connector behind the server registers its endpoints: see {@link #assembling}. */
  private volatile boolean assembling;
  private final WebhookMeters meters;

  /** This instance cannot take the call yet (it is still reading what it needs): 503, and the platform retries. */
  public static final class NotReady extends RuntimeException {
    public NotReady(String message) {
      super(message);
    }
  }

  public WebhookServer(int port) {
    this(port, RETRY_AFTER);
  }

  /** The server of {@code service} (a connector), its answers counted under that name. */
  public WebhookServer(String service, int port) {
    this(service, port, RETRY_AFTER);
  }

  public WebhookServer(int port, Duration retryAfter) {
    this("connector", port, retryAfter);
  }

  /**
   * @param retryAfter what a 503 asks the platform to wait (whole seconds, at least one): tests that restart an
   *                   instance mid-chat shorten it, as a platform's lane of webhooks waits that long behind the 503
   */
  public WebhookServer(String service, int port, Duration retryAfter) {
    this.meters = WebhookMeters.of(service);
    this.retryAfter = Duration.ofSeconds(Math.max(1, retryAfter.toSeconds()));
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new IllegalStateException("could not listen on port " + port, e);
    }
    // A call waits on Kafka, and one about a chat not filed yet waits up to WebhookInbox.UNFILED_PATIENCE: enough
    // threads that such waits do not queue up the platform's other deliveries
    threads = Executors.newFixedThreadPool(32, r -> {
      Thread t = new Thread(r, "webhooks");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/", this::serve);
    server.start();
    listening = true;
  }

  /** Bound and serving: from its start until {@link #close}. */
  public boolean listening() {
    return listening;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * The base URL platforms post to: {@code configured}, except that a configured port 0 (tests) without a public URL
   * of its own becomes the port actually bound on localhost.
   */
  public String publicUrl(String configured) {
    return configured.endsWith(":0") ? "http://localhost:" + port() : configured;
  }

  /**
   * Until {@link #assembled}, a call for an endpoint not registered yet is a 503 (this instance is starting), not a
   * 404: a platform gives a 4xx up for good, and behind a balancer a restarted instance listens a moment before its
   * endpoints are there (SunCo's webhooks were lost that way in the soak).
   */
  public void assembling() {
    assembling = true;
  }

  /** Every endpoint is registered: a call for another is a 404 from now on. */
  public void assembled() {
    assembling = false;
  }

  public void register(WebhookEndpoint endpoint) {
    endpoints.put(endpoint.name(), endpoint);
    seen.put(endpoint.name(), new SeenEventIds(100_000, Duration.ofHours(1), System::nanoTime));
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String[] parts = exchange.getRequestURI().getPath().split("/", 4); // "", "webhooks", name, rest
      WebhookEndpoint endpoint = parts.length >= 3 && parts[1].equals("webhooks") ? endpoints.get(parts[2]) : null;
      if (endpoint == null && assembling && parts.length >= 3 && parts[1].equals("webhooks")) {
        meters.refused(WebhookMeters.NO_ENDPOINT, "not-ready");
        problem(exchange, 503, "not-ready", "This instance is starting");
        return;
      }
      if (endpoint == null) {
        meters.refused(WebhookMeters.NO_ENDPOINT, "not-found");
        problem(exchange, 404, "not-found", "No webhook endpoint here");
        return;
      }
      if (exchange.getRequestMethod().equals("GET")) {
        // A channel's activation checks that its address reaches a Baton webhook server (Chat2Desk's seed rule).
        respond(exchange, 200, "application/json", "{\"status\":\"ready\",\"endpoint\":\"" + endpoint.name() + "\"}");
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().add("Allow", "GET, POST");
        meters.refused(endpoint.name(), "method-not-allowed");
        problem(exchange, 405, "method-not-allowed", "Webhooks are POSTed");
        return;
      }
      byte[] body = readAtMost(exchange.getRequestBody(), MAX_BODY_BYTES);
      if (body == null) {
        meters.refused(endpoint.name(), "too-large");
        problem(exchange, 413, "too-large", "The body is larger than " + MAX_BODY_BYTES + " bytes");
        return;
      }
      Map<String, List<String>> headers = new HashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
      WebhookRequest request = new WebhookRequest(parts.length == 4 ? parts[3] : "", Map.copyOf(headers), body);
      boolean genuine;
      try {
        genuine = endpoint.signature().verify(request);
      } catch (NotReady e) {
        meters.refused(endpoint.name(), "not-ready");
        problem(exchange, 503, "not-ready", e.getMessage());
        return;
      }
      if (!genuine) {
        log.warn("webhook {}: bad signature", endpoint.name()); // never the body or headers: they may hold secrets
        meters.refused(endpoint.name(), "bad-signature");
        problem(exchange, 401, "bad-signature", "The signature does not match");
        return;
      }
      List<WebhookEvent> events;
      try {
        events = endpoint.events().apply(request);
      } catch (RuntimeException e) {
        meters.refused(endpoint.name(), "unreadable");
        problem(exchange, 400, "unreadable", "The body cannot be read: " + e.getMessage());
        return;
      }
      if (events == null || events.isEmpty()
          || events.stream().anyMatch(e -> e.eventId() == null || e.eventId().isBlank())) {
        meters.refused(endpoint.name(), "no-event-id");
        problem(exchange, 400, "no-event-id", "The call carries no event id");
        return;
      }
      SeenEventIds seenHere = seen.get(endpoint.name());
      List<WebhookEvent> fresh = events.stream().filter(e -> !seenHere.contains(e.eventId())).toList();
      if (fresh.isEmpty()) {
        meters.answered(endpoint.name(), "duplicate");
        respond(exchange, 200, "application/json", "{\"status\":\"duplicate\"}");
        return;
      }
      try {
        endpoint.handler().apply(fresh).toCompletableFuture().get(HANDLER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        fresh.forEach(e -> seenHere.add(e.eventId()));
        meters.answered(endpoint.name(), "accepted");
        respond(exchange, 200, "application/json", "{\"status\":\"accepted\"}");
      } catch (Exception e) {
        Throwable cause =
            e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
        log.warn("webhook {}: {} events not recorded: {}", endpoint.name(), fresh.size(), cause.toString());
        meters.refused(endpoint.name(), "not-recorded");
        problem(exchange, 503, "not-recorded", cause instanceof NotReady ? cause.getMessage()
            : "The event could not be recorded; retry later");
      }
    }
  }

  private static byte[] readAtMost(InputStream in, int max) throws IOException {
    byte[] bytes = in.readNBytes(max + 1);
    return bytes.length > max ? null : bytes;
  }

  private void problem(HttpExchange exchange, int status, String type, String detail) throws IOException {
    if (status == 503) {
      // Platforms retry a 503 only when told when (Zendesk: a Retry-After under a minute); the instance is ready soon
      exchange.getResponseHeaders().set("Retry-After", Long.toString(retryAfter.toSeconds()));
    }
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
    listening = false;
    server.stop(0);
    threads.shutdownNow();
  }
}
