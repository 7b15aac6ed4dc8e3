package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.ingress.auth.WidgetTokens;
import io.baton.ingress.guard.IngressGuards;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.ConversationKey;
import io.baton.topics.KafkaSettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a hostile page or a flooding tenant gets: CORS per tenant, rate limits per tenant and conversation, stream
 * limits per widget token and tenant, the header limit, and webhook URLs that point inside. Each test uses tenants of
 * its own, since the buckets and quotas are per tenant.
 */
@ExtendWith(KafkaBrokerExtension.class)
class HostileCallersTest {
  static final String SHOP_DEMO = "https://shop-demo.example";
  static final String SHOP_GLOBEX = "https://shop-globex.example";
  static final int TENANT_BURST = 30;
  static final int CONVERSATION_BURST = 10;
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final WidgetTokens TOKENS = new WidgetTokens(TestKeys.TOKEN_SECRET);
  static IngressService ingress;
  static TestClient client;

  @BeforeAll
  static void start(KafkaBroker broker) {
    // refills so slow (one request per 100 s) that every count below is exact
    IngressGuards guards = IngressGuards.defaults()
        .withCorsOrigins(Map.of("demo", List.of(SHOP_DEMO), "globex", List.of(SHOP_GLOBEX)))
        .withRates(new IngressGuards.RateLimit(0.01, TENANT_BURST),
            new IngressGuards.RateLimit(0.01, CONVERSATION_BURST))
        .withStreams(2, 3).withMaxHeaderBytes(4096);
    ingress = new IngressService(TestKeys.config().withSseKeepAlive(Duration.ofMillis(200)),
        KafkaSettings.of(broker.bootstrapServers()), guards);
    ingress.lookUpWebhookHostsWith(HostileCallersTest::lookup);
    ingress.start();
    client = new TestClient(ingress.port());
  }

  @AfterAll
  static void stop() {
    ingress.stop();
  }

  static InetAddress[] lookup(String host) throws UnknownHostException {
    return switch (host) {
      case "internal.test" -> new InetAddress[] {InetAddress.getByName("10.1.2.3")};
      case "bot.rebind.test" -> new InetAddress[] {InetAddress.getByName("93.184.216.34")};
      default -> InetAddress.getAllByName(host);
    };
  }

  static String token(String tenant, String conversation) {
    return TOKENS.mint(new ConversationKey(tenant, conversation), Instant.now().plusSeconds(600));
  }

  static TestClient.Response message(String tenant, String conversation, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "X-Baton-Tenant";
    all[1] = tenant;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return client.postJson("/v1/conversations/" + conversation + "/messages", "{\"text\":\"hello\"}", all);
  }

  static HttpResponse<String> preflight(String origin, String method, String headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(client.base + "/v1/conversations/c-1/messages"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
        .header("Access-Control-Request-Method", method);
    if (headers != null) {
      b.header("Access-Control-Request-Headers", headers);
    }
    return client.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPreflightIsAnsweredForAnOriginSomeTenantListsAndRefusedOtherwise() throws Exception {
    HttpResponse<String> ok = preflight(SHOP_GLOBEX, "POST", "Authorization, Content-Type, Idempotency-Key");
    assertEquals(204, ok.statusCode());
    assertEquals(Optional.of(SHOP_GLOBEX), ok.headers().firstValue("Access-Control-Allow-Origin"));
    assertEquals(Optional.of("GET, POST, PUT, PATCH, DELETE"),
        ok.headers().firstValue("Access-Control-Allow-Methods"));
    assertEquals(Optional.of("authorization, content-type, idempotency-key"),
        ok.headers().firstValue("Access-Control-Allow-Headers"));
    assertEquals(Optional.of("600"), ok.headers().firstValue("Access-Control-Max-Age"));
    assertEquals(Optional.empty(), ok.headers().firstValue("Access-Control-Allow-Credentials"));
    assertEquals(Optional.of("Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
        ok.headers().firstValue("Vary"));

    for (HttpResponse<String> refused : List.of(preflight("https://evil.example", "POST", "authorization"),
        preflight(SHOP_GLOBEX, "POST", "authorization, x-forwarded-for"), preflight(SHOP_GLOBEX, "TRACE", null))) {
      assertEquals(403, refused.statusCode());
      assertEquals(Optional.of("application/problem+json"), refused.headers().firstValue("Content-Type"));
      assertTrue(refused.body().contains("\"type\":\"https://baton.dev/problems/origin-not-allowed\""),
          refused.body());
      assertEquals(Optional.empty(), refused.headers().firstValue("Access-Control-Allow-Origin"));
    }
  }

  @Test
  void aCrossSiteRequestIsAnsweredOnlyForTheTenantOfItsToken() throws Exception {
    String id = "cors-" + RUN;
    String demoToken = token("demo", id);
    TestClient.Response allowed = message("demo", id, "Authorization", "Bearer " + demoToken, "Origin", SHOP_DEMO);
    assertEquals(202, allowed.status(), allowed.body());
    assertEquals(Optional.of(SHOP_DEMO), allowed.headers().firstValue("Access-Control-Allow-Origin"));
    assertEquals(Optional.of("Origin"), allowed.headers().firstValue("Vary"));
    assertTrue(allowed.headers().firstValue("Access-Control-Expose-Headers").orElse("").contains("Retry-After"));

    // globex's widget embedded on demo's shop, and demo's widget on a site demo does not list
    for (TestClient.Response refused : List.of(
        message("globex", id, "Authorization", "Bearer " + token("globex", id), "Origin", SHOP_DEMO),
        message("demo", id, "Authorization", "Bearer " + demoToken, "Origin", "https://evil.example"),
        message("demo", id, "Origin", "null"))) {
      assertEquals(403, refused.status(), refused.body());
      assertEquals("https://baton.dev/problems/origin-not-allowed", refused.json().get("type").asText());
      assertEquals(Optional.empty(), refused.headers().firstValue("Access-Control-Allow-Origin"));
    }

    // the ingress's own pages (the demo widget) and callers without a page are not concerned
    TestClient.Response sameOrigin = message("demo", id, "Origin", client.base);
    assertEquals(202, sameOrigin.status());
    assertEquals(Optional.empty(), sameOrigin.headers().firstValue("Access-Control-Allow-Origin"));
    assertEquals(202, message("demo", id).status());

    WebSocketGatewayTest.Listener foreign = new WebSocketGatewayTest.Listener();
    webSocket(id, demoToken, "https://evil.example", foreign);
    assertEquals(4403, foreign.closed.get(10, TimeUnit.SECONDS));
  }

  static WebSocket webSocket(String id, String token, String origin, WebSocket.Listener listener) {
    WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (origin != null) {
      b.header("Origin", origin);
    }
    return b.buildAsync(URI.create("ws://localhost:" + ingress.port() + "/v1/conversations/" + id
        + "/ws?access_token=" + token), listener).join();
  }

  @Test
  void aFloodFromOneTenantIsRefusedWhileAnotherTenantIsServed() {
    Map<String, Integer> a = new TreeMap<>();
    Map<String, Integer> b = new TreeMap<>();
    for (int i = 0; i < 60; i++) {
      // A spreads over conversations (never over a conversation's burst), so its tenant's bucket is what stops it
      TestClient.Response r = message("tenant-a", "flood-" + RUN + "-" + i % 12);
      a.merge(Integer.toString(r.status()), 1, Integer::sum);
      if (r.status() == 429) {
        assertEquals("https://baton.dev/problems/rate-limited", r.json().get("type").asText());
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 100, "Retry-After " + retryAfter);
      }
      if (i % 3 == 0) {
        b.merge(Integer.toString(message("tenant-b", "steady-" + RUN + "-" + i % 4).status()), 1, Integer::sum);
      }
    }
    assertEquals(Map.of("202", TENANT_BURST, "429", 60 - TENANT_BURST), a);
    assertEquals(Map.of("202", 20), b);
  }

  @Test
  void aConversationIsLimitedWithinItsTenantsRate() throws Exception {
    String id = "busy-" + RUN;
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < CONVERSATION_BURST + 2; i++) {
      TestClient.Response r = message("acme", id);
      statuses.add(r.status());
      if (r.status() == 429) {
        assertTrue(r.json().get("detail").asText().startsWith("conversation " + id + " may send"), r.body());
        assertTrue(r.headers().firstValue("Retry-After").isPresent());
      }
    }
    List<Integer> expected = new ArrayList<>(java.util.Collections.nCopies(CONVERSATION_BURST, 202));
    expected.addAll(List.of(429, 429));
    assertEquals(expected, statuses);
    WebSocketGatewayTest.Listener socket = new WebSocketGatewayTest.Listener();
    webSocket(id, token("acme", id), null, socket);
    assertEquals(4429, socket.closed.get(10, TimeUnit.SECONDS), "a WebSocket upgrade takes the same tokens");
    assertEquals(202, message("acme", "quiet-" + RUN).status(), "another conversation of the tenant goes on");
  }

  @Test
  void eventStreamsAreLimitedPerWidgetTokenAndPerTenant() throws Exception {
    String tenant = "acme.eu-1";
    String id = "streams-" + RUN;
    try (SseReader one = SseReader.open(client, "/v1/conversations/" + id + "/events", "Authorization",
        "Bearer " + token(tenant, id)); SseReader two =
            SseReader.open(client, "/v1/conversations/" + id + "/events",
                "Authorization", "Bearer " + token(tenant, id))) {
      assertEquals(List.of(200, 200), List.of(one.response.statusCode(), two.response.statusCode()));
      // a third stream of the conversation, with yet another token: over the token's limit of 2
      try (SseReader third = SseReader.open(client, "/v1/conversations/" + id + "/events", "Authorization",
          "Bearer " + token(tenant, id))) {
        assertEquals(429, third.response.statusCode());
        assertEquals(Optional.of("10"), third.response.headers().firstValue("Retry-After"));
      }
      WebSocketGatewayTest.Listener socket = new WebSocketGatewayTest.Listener();
      webSocket(id, token(tenant, id), null, socket);
      assertEquals(4429, socket.closed.get(10, TimeUnit.SECONDS));

      // the tenant's third stream (a bot's) opens; its fourth is over the tenant's limit of 3
      try (SseReader bot = SseReader.open(client, "/v1/conversations/other-" + RUN + "/events", "X-Baton-Tenant",
          tenant); SseReader over =
              SseReader.open(client, "/v1/conversations/more-" + RUN + "/events",
                  "X-Baton-Tenant", tenant)) {
        assertEquals(List.of(200, 429), List.of(bot.response.statusCode(), over.response.statusCode()));
      }
      one.close();
      Eventually.until(Duration.ofSeconds(10), "the closed streams are given back",
          () -> ingress.gateway().openStreams() == 1);
      try (SseReader again = SseReader.open(client, "/v1/conversations/" + id + "/events", "Authorization",
          "Bearer " + token(tenant, id))) {
        assertEquals(200, again.response.statusCode(), "a closed stream's place is free again");
      }
    }
  }

  @Test
  void oversizedHeadersAreA431Problem() {
    TestClient.Response r = client.get("/v1/conversations/headers-" + RUN, "X-Padding", "p".repeat(5000));
    assertEquals(431, r.status());
    assertEquals("application/problem+json", r.contentType());
    assertEquals(431, r.json().get("status").asInt());
  }

  @Test
  void webhookUrlsThatPointInsideAreRefusedAtRegistration() {
    Map<String, String> refusals = new TreeMap<>();
    for (String url : List.of("http://127.0.0.1:9/hook", "http://169.254.169.254/latest/meta-data",
        "https://internal.test/hook", "http://10.0.0.8/hook")) {
      TestClient.Response r = client.send("PUT", "/v1/webhook",
          HttpRequest.BodyPublishers.ofString("{\"url\":\"" + url + "\"}"), "Content-Type", "application/json",
          "X-Baton-Tenant", "acme.ec");
      assertEquals(422, r.status(), r.body());
      assertEquals("url", r.json().get("errors").get(0).get("field").asText());
      refusals.put(url, r.json().get("errors").get(0).get("message").asText().replaceAll(".*\\((.*)\\)]$", "$1"));
    }
    assertEquals(Map.of("http://127.0.0.1:9/hook", "loopback", "http://169.254.169.254/latest/meta-data",
        "cloud metadata", "https://internal.test/hook", "private", "http://10.0.0.8/hook", "private"), refusals);
    TestClient.Response ok = client.send("PUT", "/v1/webhook",
        HttpRequest.BodyPublishers.ofString("{\"url\":\"https://bot.rebind.test/hook\"}"), "Content-Type",
        "application/json", "X-Baton-Tenant", "acme.ec");
    assertEquals(200, ok.status(), "a public address is taken (and checked again at every connection)");
  }
}
