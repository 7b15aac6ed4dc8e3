package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.operations.HealthCheck;
import io.baton.operations.Operations;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class HttpBasicsTest {
  static IngressService ingress;
  static TestClient client;

  @BeforeAll
  static void start(KafkaBroker broker) {
    ingress = new IngressService(TestKeys.config().withMaxBodyBytes(1024),
        KafkaSettings.of(broker.bootstrapServers()));
    ingress.start();
    client = new TestClient(ingress.port());
  }

  @AfterAll
  static void stop() {
    ingress.stop();
    ingress.stop(); // twice is fine
  }

  @Test
  void healthIsTheIngresssReadinessAsOnTheOperationsPort() {
    // Up once the log reader has polled and caught up, a moment after the start.
    Eventually.assertThat(Duration.ofSeconds(20), () -> {
      TestClient.Response r = client.get("/health");
      assertEquals(200, r.status(), r.body());
      assertTrue(r.contentType().startsWith("application/json"));
      assertEquals(
          "{\"status\":\"UP\",\"checks\":{\"ingress.produce\":{\"status\":\"UP\",\"detail\":\"Kafka answers\"},"
              + "\"ingress.conversation-log\":{\"status\":\"UP\",\"detail\":\"caught up\"}}}",
          r.body());
    });
    assertEquals(Map.of("ingress.produce", HealthCheck.Status.up("Kafka answers"), "ingress.conversation-log",
        HealthCheck.Status.up("caught up")), Map.copyOf(Operations.process().readiness()));
  }

  @Test
  void rootRedirectsToTheDemoWidget() {
    TestClient.Response r = client.get("/");
    assertEquals(302, r.status());
    assertEquals("/demo/", r.headers().firstValue("Location").orElse(null));
  }

  @Test
  void theDemoWidgetIsServed() {
    TestClient.Response page = client.get("/demo/");
    assertEquals(200, page.status());
    assertTrue(page.contentType().startsWith("text/html"), page.contentType());
    for (String id : new String[] {"id=\"messages\"", "id=\"text\"", "id=\"send\"", "id=\"status\"",
        "/demo/widget.js", "/demo/widget.css"}) {
      assertTrue(page.body().contains(id), id);
    }
    TestClient.Response js = client.get("/demo/widget.js");
    assertEquals(200, js.status());
    assertTrue(js.contentType().contains("javascript"), js.contentType());
    assertTrue(js.body().contains("new EventSource("));
    assertEquals(200, client.get("/demo/widget.css").status());
    assertEquals(404, client.get("/demo/nothing.js").status());
    TestClient.Response bare = client.get("/demo");
    assertEquals(302, bare.status());
    assertTrue(bare.headers().firstValue("Location").orElse("").endsWith("/demo/"), bare.headers().toString());
    assertEquals(page.body(), client.get("/demo/index.html").body());
  }

  @Test
  void unknownPathsAndMethodsAreProblems() {
    TestClient.Response missing = client.get("/v2/anything");
    assertEquals(404, missing.status());
    assertTrue(missing.contentType().startsWith("application/problem+json"));
    assertEquals("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
        + "\"detail\":\"nothing at GET /v2/anything\"}", missing.body());

    TestClient.Response wrong = client.send("DELETE", "/health", HttpRequest.BodyPublishers.noBody());
    assertEquals(405, wrong.status());
    assertEquals("GET", wrong.headers().firstValue("Allow").orElse(null));
    assertEquals("{\"type\":\"about:blank\",\"title\":\"Method Not Allowed\",\"status\":405,"
        + "\"detail\":\"DELETE is not allowed on /health; allowed: GET\"}", wrong.body());
  }

  @Test
  void theBodyLimitIsConfigurable() {
    TestClient.Response r = client.postJson("/v1/conversations/limit-1/messages",
        "{\"text\": \"" + "x".repeat(1100) + "\"}");
    assertEquals(413, r.status());
    assertEquals("the body must be at most 1024 bytes", r.json().get("detail").asText());
  }
}
