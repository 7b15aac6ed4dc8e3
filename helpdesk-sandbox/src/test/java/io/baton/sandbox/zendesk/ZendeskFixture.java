package io.baton.sandbox.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.baton.sandbox.kit.DeskApi;
import io.javalin.Javalin;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** One Support simulator on its own server (with the desk API), a client for it, and a webhook receiver. */
final class ZendeskFixture implements AutoCloseable {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String AUTH = ZendeskSupportSimulator.authorization(ZendeskSupportSimulator.API_EMAIL,
      ZendeskSupportSimulator.API_TOKEN);

  /** One request the receiver got: its headers (lower-case names), raw body and query string. */
  record Received(Map<String, String> headers, String body, String query) {}

  final ZendeskSupportSimulator zendesk;
  private final Javalin app;
  private HttpServer receiver;
  final List<Received> received = new CopyOnWriteArrayList<>();
  /** Statuses the receiver answers, in order; 200 once they are used up. */
  final ConcurrentLinkedQueue<int[]> answers = new ConcurrentLinkedQueue<>();

  ZendeskFixture(ZendeskSettings settings) {
    zendesk = new ZendeskSupportSimulator(settings);
    app = Javalin.create(c -> c.showJavalinBanner = false);
    zendesk.register(app);
    DeskApi.register(app, List.of(zendesk.desk()));
    app.start(0);
    zendesk.baseUrl("http://localhost:" + app.port());
  }

  ZendeskFixture() {
    this(ZendeskSettings.defaults().withWebhooks(Duration.ofMillis(50), Duration.ofMinutes(5),
        Duration.ofSeconds(5), 10));
  }

  String base() {
    return "http://localhost:" + app.port();
  }

  /** Starts the webhook receiver; its URL. Answers {status} or {status, retryAfterSeconds} from {@link #answers}. */
  String receiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    receiver.createContext("/hook", exchange -> {
      Map<String, String> headers = new java.util.LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
      received.add(new Received(headers, new String(exchange.getRequestBody().readAllBytes(),
          StandardCharsets.UTF_8), exchange.getRequestURI().getQuery()));
      int[] answer = answers.poll();
      if (answer != null && answer.length > 1) {
        exchange.getResponseHeaders().add("Retry-After", Integer.toString(answer[1]));
      }
      exchange.sendResponseHeaders(answer == null ? 200 : answer[0], -1);
      exchange.close();
    });
    receiver.start();
    return "http://localhost:" + receiver.getAddress().getPort() + "/hook";
  }

  HttpResponse<String> call(String method, String path, String body) throws Exception {
    return call(method, path, body, AUTH);
  }

  HttpResponse<String> call(String method, String path, String body, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type",
        "application/json");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A call to the Support API: {@code api("POST", "/tickets", body)}. */
  HttpResponse<String> api(String method, String path, String body) throws Exception {
    return call(method, "/zendesk/api/v2" + path, body);
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return ZendeskSupportApi.JSON.readTree(r.body());
  }

  static JsonNode json(String s) throws Exception {
    return ZendeskSupportApi.JSON.readTree(s);
  }

  /** Waits (briefly) until the condition holds. */
  static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  /** A trigger-connected webhook to the receiver; its id. */
  String conditionalWebhook(String url) throws Exception {
    HttpResponse<String> r = api("POST", "/webhooks", "{\"webhook\":{\"name\":\"Baton\",\"endpoint\":\"" + url
        + "\",\"http_method\":\"POST\",\"request_format\":\"json\",\"status\":\"active\","
        + "\"subscriptions\":[\"conditional_ticket_events\"]}}");
    if (r.statusCode() != 201) {
      throw new AssertionError(r.body());
    }
    return json(r).path("webhook").path("id").asText();
  }

  @Override
  public void close() {
    zendesk.close();
    app.stop();
    if (receiver != null) {
      receiver.stop(0);
    }
  }
}
