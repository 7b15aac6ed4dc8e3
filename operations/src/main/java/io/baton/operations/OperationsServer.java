package io.baton.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The operators' port of a process: {@code GET /metrics} (Prometheus text), {@code GET /health/live} (200 while the
 * process answers) and {@code GET /health/ready} (200 when every readiness check is up, else 503; the body names each
 * check with its detail). Anything else is a problem+json 404 or 405. The JDK's own HTTP server: a probe must answer
 * even when the service's own web server is stuck.
 */
public final class OperationsServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Operations operations;
  private final HttpServer server;

  private OperationsServer(Operations operations, HttpServer server) {
    this.operations = operations;
    this.server = server;
  }

  /** Listens on {@code port} (0: any free port) on every interface, as a container's probe needs. */
  public static OperationsServer start(Operations operations, int port) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
      OperationsServer ops = new OperationsServer(operations, server);
      server.createContext("/", ops::handle);
      server.setExecutor(Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "operations-http");
        t.setDaemon(true);
        return t;
      }));
      server.start();
      return ops;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on the operations port " + port, e);
    }
  }

  /**
   * The process's operations port from {@code BATON_OPS_PORT} (default 9180, the same in every container; 0 = any
   * free port; {@code off} = none, for a process whose platform gives it another way).
   */
  public static Optional<OperationsServer> fromEnv(Map<String, String> env) {
    String value = env.getOrDefault("BATON_OPS_PORT", "9180").trim();
    if (value.equals("off")) {
      return Optional.empty();
    }
    int port;
    try {
      port = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("BATON_OPS_PORT must be a port number or off, got: " + value);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("BATON_OPS_PORT must be a port number (0-65535) or off, got: " + port);
    }
    return Optional.of(start(Operations.process(), port));
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      boolean known = path.equals("/metrics") || path.equals("/health/live") || path.equals("/health/ready");
      if (!known) {
        problem(exchange, 404, "Not Found", "the operations port serves /metrics, /health/live and /health/ready");
      } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        problem(exchange, 405, "Method Not Allowed", path + " answers GET");
      } else if (path.equals("/metrics")) {
        send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", operations.scrape());
      } else if (path.equals("/health/live")) {
        send(exchange, 200, "application/json", "{\"status\":\"UP\"}");
      } else {
        ready(exchange);
      }
    }
  }

  private void ready(HttpExchange exchange) throws IOException {
    Map<String, HealthCheck.Status> checks = operations.readiness();
    boolean up = checks.values().stream().allMatch(HealthCheck.Status::up);
    ObjectNode body = JSON.createObjectNode().put("status", up ? "UP" : "DOWN");
    ObjectNode each = body.putObject("checks");
    checks.forEach((name, status) -> each.putObject(name).put("status", status.up() ? "UP" : "DOWN")
        .put("detail", status.detail()));
    send(exchange, up ? 200 : 503, "application/json", JSON.writeValueAsString(body));
  }

  private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
    ObjectNode body = JSON.createObjectNode().put("type", "about:blank").put("title", title).put("status", status)
        .put("detail", detail);
    send(exchange, status, "application/problem+json", JSON.writeValueAsString(body));
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
