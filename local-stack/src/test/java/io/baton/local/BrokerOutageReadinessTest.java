package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.connector.dixa.DixaConfig;
import io.baton.connector.dixa.DixaConnector;
import io.baton.ingress.IngressConfig;
import io.baton.ingress.IngressService;
import io.baton.operations.Operations;
import io.baton.operations.OperationsServer;
import io.baton.router.RouterConfig;
import io.baton.router.RouterService;
import io.baton.testkit.Eventually;
import io.baton.topics.KafkaSettings;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when" for health: with the router, the ingress and a connector (Dixa, webhook family) in one
 * process on a broker of their own, the operations port's {@code /health/ready} is 200, turns 503 naming the failing
 * checks while the broker is stopped (liveness stays 200), and is 200 again once the broker is back on the same port
 * with the same data. The local stack's {@link KraftBroker} is that broker: it restarts on its port and data dir.
 */
class BrokerOutageReadinessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ON_KAFKA =
      List.of("router.streams", "ingress.produce", "ingress.conversation-log", "connector-dixa.commands");
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path home;

  @Test
  void readinessGoesDownWhenTheBrokerStopsAndUpWhenItIsBack() throws Exception {
    KraftBroker broker = new KraftBroker(home.resolve("kafka"), freePort(), freePort());
    broker.start();
    Map<String, String> env = Map.of("BATON_KAFKA_BOOTSTRAP", broker.bootstrapServers(), "BATON_ROUTER_STATE_DIR",
        home.resolve("router-state").toString(), "BATON_INGRESS_PORT", "0", "BATON_DIXA_WEBHOOK_PORT", "0",
        "BATON_DIXA_API_URL", "http://localhost:1/dixa/v1"); // no connection, so Dixa is never called
    KafkaSettings kafka = KafkaSettings.fromEnv(env);
    RouterService router = new RouterService(RouterConfig.fromEnv(env), kafka);
    IngressService ingress = new IngressService(IngressConfig.fromEnv(env), kafka);
    DixaConnector dixa = new DixaConnector(DixaConfig.fromEnv(env), kafka);
    try (OperationsServer ops = OperationsServer.start(Operations.process(), 0)) {
      router.start();
      ingress.start();
      dixa.start();
      Eventually.assertThat(Duration.ofSeconds(30), () -> {
        HttpResponse<String> ready = get(ops.port(), "/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("UP", checks(ready).get("connector-dixa.commands").get("status").asText());
      });

      broker.stop();
      Eventually.assertThat(Duration.ofSeconds(30), () -> {
        HttpResponse<String> ready = get(ops.port(), "/health/ready");
        assertEquals(503, ready.statusCode(), ready.body());
        Map<String, String> down = new TreeMap<>();
        checks(ready).fields().forEachRemaining(check -> {
          if (check.getValue().get("status").asText().equals("DOWN")) {
            down.put(check.getKey(), check.getValue().get("detail").asText().replaceAll("\\d+ s$", "N s"));
          }
        });
        Map<String, String> expected = new TreeMap<>();
        ON_KAFKA.forEach(name -> expected.put(name, "no answer from Kafka for N s"));
        assertEquals(expected, down, ready.body());
      });
      assertEquals(200, get(ops.port(), "/health/live").statusCode(), "a stopped broker kills nothing");
      assertEquals(503, get(ingress.port(), "/health").statusCode(), "the ingress's own /health says so too");
      assertEquals("UP", checks(get(ops.port(), "/health/ready")).get("connector-dixa.webhooks").get("status")
          .asText(), "its webhook server still listens");

      broker.start();
      Eventually.assertThat(Duration.ofSeconds(60), () -> {
        HttpResponse<String> ready = get(ops.port(), "/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        for (String name : ON_KAFKA) {
          assertEquals("UP", checks(ready).get(name).get("status").asText(), name);
        }
      });
      assertEquals(200, get(ingress.port(), "/health").statusCode());
    } finally {
      dixa.stop();
      ingress.stop();
      router.stop();
      broker.stop();
    }
    assertEquals(List.of(), Operations.process().readiness().keySet().stream()
        .filter(name -> ON_KAFKA.contains(name) || name.equals("connector-dixa.webhooks")).toList(),
        "stopped services forget their checks");
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode checks(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body()).get("checks");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
