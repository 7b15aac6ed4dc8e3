package io.baton.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class OperationsPortTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void servesMetricsWhileStartedAndNothingOnceStopped() throws Exception {
    OperationsPort port = new OperationsPort(Map.of("BATON_OPS_PORT", "0"));
    port.start();
    int bound = port.port().orElseThrow();
    URI metrics = URI.create("http://localhost:" + bound + "/metrics");
    HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(metrics).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, scrape.statusCode());
    assertTrue(scrape.body().contains("jvm_memory_used_bytes"), "the JVM's meters");
    port.stop();
    assertEquals(OptionalInt.empty(), port.port());
    assertThrows(ConnectException.class, () -> HTTP.send(HttpRequest.newBuilder(metrics).build(),
        HttpResponse.BodyHandlers.ofString()));
    port.stop(); // twice is safe
  }

  @Test
  void offStartsNoPort() {
    OperationsPort port = new OperationsPort(Map.of("BATON_OPS_PORT", "off"));
    port.start();
    assertEquals(OptionalInt.empty(), port.port());
    port.stop();
  }
}
