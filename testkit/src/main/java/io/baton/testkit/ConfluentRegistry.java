package io.baton.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.baton.testkit.RegistrySchemaStore.RegistryError;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The smallest faithful Confluent-API schema registry, for tests (Confluent's own is not on Maven Central and there is
 * no Docker here): the routes Baton's serde and catalogue import use, with the real API's error codes and mode rules
 * ({@link RegistrySchemaStore}), optional basic auth (401 without the right credentials), and {@link #stop()} /
 * {@link #restart()} on the same port with what it holds kept, to test a registry that is down.
 */
public final class ConfluentRegistry implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK server writes headers and body apart: without TCP_NODELAY each reply waits out a delayed ACK (~40 ms),
    // and an import of the catalogue makes a few hundred requests. Read once, when the first server of the JVM starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** The API's error body, fields in its order. */
  private record ErrorReply(int error_code, String message) {}

  private final RegistrySchemaStore store = new RegistrySchemaStore();
  private final String authorization;
  private final AtomicInteger schemaLookups = new AtomicInteger();
  private volatile boolean unavailable;
  private int port;
  private HttpServer server;

  private ConfluentRegistry(String userInfo) {
    this.authorization = userInfo == null ? null
        : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  public static ConfluentRegistry start() {
    return start(null);
  }

  /** A registry that answers only requests with basic auth {@code user:password}. */
  public static ConfluentRegistry start(String userInfo) {
    ConfluentRegistry registry = new ConfluentRegistry(userInfo);
    registry.bind(0);
    return registry;
  }

  public String url() {
    return "http://localhost:" + port;
  }

  /** Down: connections are refused until {@link #restart()}. */
  public void stop() {
    server.stop(0);
  }

  public void restart() {
    bind(port);
  }

  /** While on, every request is answered 503 with error_code 50003, as when the registry cannot reach its primary. */
  public void answerUnavailable(boolean on) {
    unavailable = on;
  }

  /** How many {@code GET /schemas/ids/{id}} requests arrived, answered or not. */
  public int schemaLookups() {
    return schemaLookups.get();
  }

  @Override
  public void close() {
    stop();
  }

  /** Subject to the schema ids of its versions, in version order. */
  public Map<String, List<Integer>> idsBySubject() {
    return store.idsBySubject();
  }

  public String mode() {
    return store.mode(null, true);
  }

  /** Registers as a client in READWRITE mode would: the id the registry gives. */
  public int register(String subject, String schema) {
    return store.register(subject, schema, "AVRO", null, null);
  }

  private void bind(int wanted) {
    try {
      server = HttpServer.create(new InetSocketAddress("localhost", wanted), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot bind the registry to port " + wanted, e);
    }
    server.createContext("/", this::handle);
    server.start();
    port = server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Object body;
      int status = 200;
      try {
        if (exchange.getRequestURI().getPath().startsWith("/schemas/ids/")) {
          schemaLookups.incrementAndGet();
        }
        if (unavailable) {
          throw new RegistryError(503, 50003, "Error while forwarding the request to the primary");
        }
        if (authorization != null && !authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
          throw new RegistryError(401, 401, "Unauthorized");
        }
        body = route(exchange.getRequestMethod(), exchange.getRequestURI(), exchange);
      } catch (RegistryError e) {
        status = e.status;
        body = new ErrorReply(e.code, e.getMessage());
      } catch (RuntimeException e) { // the registry's own failure, as its store errors answer
        status = 500;
        body = new ErrorReply(50001, "Error in the backend data store: " + e);
      }
      byte[] bytes = JSON.writeValueAsBytes(body);
      exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private Object route(String method, URI uri, HttpExchange exchange) throws IOException {
    String[] p = uri.getRawPath().replaceAll("^/|/$", "").split("/");
    for (int i = 0; i < p.length; i++) {
      p[i] = URLDecoder.decode(p[i], StandardCharsets.UTF_8);
    }
    String query = uri.getQuery() == null ? "" : uri.getQuery();
    String route = method + " " + p[0] + "/" + p.length;
    switch (route) {
      case "GET schemas/3":
        if (p[1].equals("ids")) {
          return Map.of("schema", store.schemaById(id(p[2])));
        }
        break;
      case "GET subjects/1":
        return store.subjects();
      case "GET subjects/3":
        if (p[2].equals("versions")) {
          return store.versions(p[1]);
        }
        break;
      case "GET subjects/4":
        if (p[2].equals("versions")) {
          var v = store.version(p[1], p[3]);
          return Map.of("subject", v.subject(), "version", v.version(), "id", v.id(), "schema", v.schema());
        }
        break;
      case "POST subjects/3":
        if (p[2].equals("versions")) {
          JsonNode req = requestBody(exchange);
          return Map.of("id", store.register(p[1], req.path("schema").isTextual() ? req.get("schema").asText() : null,
              req.path("schemaType").asText(null), intOrNull(req, "id"), intOrNull(req, "version")));
        }
        break;
      case "GET mode/1":
        return Map.of("mode", store.mode(null, true));
      case "GET mode/2":
        return Map.of("mode", store.mode(p[1], query.contains("defaultToGlobal=true")));
      case "PUT mode/1", "PUT mode/2":
        JsonNode req = requestBody(exchange);
        return Map.of("mode", store.setMode(p.length == 2 ? p[1] : null, req.path("mode").asText(null),
            query.contains("force=true")));
      case "DELETE mode/2":
        String mode = store.mode(p[1], true);
        store.deleteMode(p[1]);
        return Map.of("mode", mode);
      default:
        break;
    }
    throw new RegistryError(404, 404, "HTTP 404 Not Found");
  }

  private static JsonNode requestBody(HttpExchange exchange) throws IOException {
    try {
      return JSON.readTree(exchange.getRequestBody());
    } catch (IOException e) {
      throw new RegistryError(422, 422, "Unrecognized request body: " + e.getMessage());
    }
  }

  private static Integer intOrNull(JsonNode request, String field) {
    JsonNode value = request.get(field);
    return value == null || value.isNull() ? null : value.asInt();
  }

  private static int id(String raw) {
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new RegistryError(404, 404, "HTTP 404 Not Found");
    }
  }

}
