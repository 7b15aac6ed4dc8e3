package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.baton.ingress.auth.WidgetTokens;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.ConversationKey;
import io.baton.topics.KafkaSettings;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ingress's HTTP layer with a running server and broker, coverage-guided: a route of the API, a credential (a
 * bot key, the admin key, a widget token of the conversation or of another, none, or fuzzed text), a conversation id,
 * a Content-Type and an Idempotency-Key, and a body that is the route's valid one, that one with a member's value
 * replaced by fuzzed text, or fuzzed bytes. Every answer must be one the OpenAPI document describes
 * ({@link TestClient}) and none a 5xx. {@link HostileRequestsTest} holds the fixed catalogue of hostile requests.
 */
@ExtendWith(KafkaBrokerExtension.class)
class IngressHttpFuzzTest {
  /** The write routes of the catalogue and the rest of the API but the streams: method, route, a valid body. */
  static final List<String[]> ROUTES = routes();
  static final List<String> CONTENT_TYPES =
      List.of("application/json", "application/json; charset=utf-8", "application/problem+json", "text/plain", "");
  static IngressService ingress;
  static TestClient anonymous;
  static final WidgetTokens TOKENS = new WidgetTokens(TestKeys.TOKEN_SECRET);

  private static List<String[]> routes() {
    List<String[]> all = new ArrayList<>(HostileRequestsTest.VALID);
    all.add(new String[] {"PATCH", "connections/{id}", "{\"name\":\"renamed\",\"settings\":{\"a\":\"b\"}}"});
    all.add(new String[] {"GET", "connections/{id}", ""});
    all.add(new String[] {"DELETE", "connections/{id}", ""});
    all.add(new String[] {"GET", "connections", ""});
    all.add(new String[] {"GET", "state", ""});
    all.add(new String[] {"POST", "widget-token", "{}"});
    all.add(new String[] {"POST", "left", "{}"});
    all.add(new String[] {"POST", "segment/group", "{\"userId\":\"u-1\",\"groupId\":\"g-1\",\"traits\":{}}"});
    all.add(new String[] {"GET", "webhook", ""});
    all.add(new String[] {"DELETE", "webhook", ""});
    return List.copyOf(all);
  }

  @BeforeAll
  static void start(KafkaBroker broker) {
    ingress = new IngressService(TestKeys.config().withMaxBodyBytes(8 * 1024),
        KafkaSettings.of(broker.bootstrapServers()));
    ingress.start();
    anonymous = TestClient.anonymous(ingress.port());
  }

  @AfterAll
  static void stop() {
    ingress.stop();
  }

  static String path(String route, String id) {
    if (route.startsWith("connections/")) {
      // an empty id would make /v1/connections/, the collection's path with a trailing slash: another resource
      return "/v1/" + route.replace("{id}", id.isEmpty() ? "none" : id);
    }
    if (route.equals("state")) {
      return "/v1/conversations/" + id;
    }
    return HostileRequestsTest.path(route, id);
  }

  @FuzzTest(maxDuration = "5s")
  void everyAnswerDocumentedAndNoneA5xx(FuzzedDataProvider data) {
    // the ingress talks to its broker and the test to the ingress, all on this machine
    BugDetectors.allowNetworkConnections((host, port) -> host.equals("localhost") || host.startsWith("127."));
    String[] route = data.pickValue(ROUTES);
    String id = data.consumeBoolean() ? "c-1" : URLEncoder.encode(data.consumeString(140), StandardCharsets.UTF_8)
        .replace("+", "%20");
    List<String> headers = new ArrayList<>();
    String credential = switch (data.consumeInt(0, 5)) {
      case 0 -> "Bearer " + TestKeys.bot("demo");
      case 1 -> "Bearer " + TestKeys.ADMIN;
      case 2 -> "Bearer " + TOKENS.mint(new ConversationKey("demo", "c-1"), Instant.now().plusSeconds(600));
      case 3 -> null;
      default -> data.consumeString(300);
    };
    if (credential != null) {
      headers.addAll(List.of("Authorization", credential));
    }
    if (data.consumeBoolean()) {
      headers.addAll(List.of("X-Baton-Tenant", data.consumeBoolean() ? "demo" : data.consumeString(140)));
    }
    String contentType = data.consumeBoolean() ? data.pickValue(CONTENT_TYPES) : data.consumeString(100);
    if (!contentType.isEmpty()) {
      headers.addAll(List.of("Content-Type", contentType));
    }
    if (data.consumeBoolean()) {
      headers.addAll(List.of("Idempotency-Key", data.consumeString(300)));
    }
    byte[] body = body(route[2], data);
    TestClient.Response response;
    try {
      response = anonymous.send(route[0], path(route[1], id), route[0].equals("GET") || route[0].equals("DELETE")
          ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body),
          headers.toArray(String[]::new));
    } catch (IllegalArgumentException notSendable) {
      return; // a header value no HTTP client sends (a line break, a control character)
    }
    assertTrue(response.status() < 500, route[0] + " " + path(route[1], id) + " " + headers + " "
        + new String(body, StandardCharsets.UTF_8) + " -> " + response.status() + " " + response.body());
  }

  /** The route's valid body, that body with one member's value replaced by fuzzed text, or fuzzed bytes. */
  private static byte[] body(String valid, FuzzedDataProvider data) {
    switch (data.consumeInt(0, 2)) {
      case 0 -> {
        return valid.getBytes(StandardCharsets.UTF_8);
      }
      case 1 -> {
        int colon = valid.indexOf(':');
        if (colon < 0) {
          return valid.getBytes(StandardCharsets.UTF_8);
        }
        int end = valid.indexOf(',', colon);
        String replaced = valid.substring(0, colon + 1) + data.consumeString(200)
            + (end < 0 ? "}" : valid.substring(end));
        return replaced.getBytes(StandardCharsets.UTF_8);
      }
      default -> {
        return data.consumeRemainingAsBytes();
      }
    }
  }
}
