package io.baton.connector.dixa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.dixa.DixaSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Two connector instances activating the same connections at the same moment end with one subscription each. */
class DixaSubscriptionTest {
  @Test
  void instancesActivatingAtOnceKeepOneSubscriptionAndTheSameKey() throws Exception {
    try (HelpdeskSandbox sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0));
         PlatformCalls callsA = new PlatformCalls(DixaConfig.DIXA_LIMITS);
         PlatformCalls callsB = new PlatformCalls(DixaConfig.DIXA_LIMITS)) {
      DixaClient client = new DixaClient(sandbox.dixaUrl(), Duration.ofSeconds(5));
      DixaSubscription a = new DixaSubscription(client, callsA, "https://baton.example.com");
      DixaSubscription b = new DixaSubscription(client, callsB, "https://baton.example.com");
      Map<String, String> secrets = Map.of("token", DixaSimulator.DEFAULT_TOKEN);
      List<String> connections = List.of("race-1", "race-2", "race-3");
      List<CompletableFuture<Map<String, String>>> keysA = new ArrayList<>();
      List<CompletableFuture<Map<String, String>>> keysB = new ArrayList<>();
      for (String connection : connections) {
        keysA.add(a.activate(connection, secrets).toCompletableFuture());
        keysB.add(b.activate(connection, secrets).toCompletableFuture());
      }
      CompletableFuture.allOf(keysA.toArray(CompletableFuture[]::new)).get();
      CompletableFuture.allOf(keysB.toArray(CompletableFuture[]::new)).get();
      JsonNode listed = callsA.call("race", "GET /webhooks",
          () -> client.call(DixaSimulator.DEFAULT_TOKEN, "GET", "/webhooks", null)).get();
      for (int i = 0; i < connections.size(); i++) {
        String url = "https://baton.example.com/webhooks/dixa/" + connections.get(i);
        List<String> keys = new ArrayList<>();
        listed.path("data").forEach(s -> {
          if (url.equals(s.path("url").asText())) {
            keys.add(s.path("secretKey").asText());
          }
        });
        assertEquals(1, keys.size(), connections.get(i) + ": subscriptions at Dixa");
        assertEquals(Map.of(DixaWebhooks.SIGNING_KEY, keys.get(0)), keysA.get(i).get(), "instance A's key");
        assertEquals(Map.of(DixaWebhooks.SIGNING_KEY, keys.get(0)), keysB.get(i).get(), "instance B's key");
      }
    }
  }
}
