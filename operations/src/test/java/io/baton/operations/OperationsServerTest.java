package io.baton.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OperationsServerTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private OperationsServer server;

  @BeforeEach
  void start() {
    server = OperationsServer.start(Operations.process(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
    Operations.process().forget("test.flag");
    Operations.process().forget("test.throws");
  }

  @Test
  void readinessFollowsEveryCheckAndNamesTheDownOne() throws Exception {
    AtomicBoolean flag = new AtomicBoolean(true);
    Operations.process().ready("test.flag", () -> flag.get() ? HealthCheck.Status.up("running")
        : HealthCheck.Status.down("rebalancing"));
    HttpResponse<String> up = get("/health/ready");
    assertEquals(200, up.statusCode());
    assertEquals("{\"status\":\"UP\",\"checks\":{\"test.flag\":{\"status\":\"UP\",\"detail\":\"running\"}}}",
        up.body());

    flag.set(false);
    HttpResponse<String> down = get("/health/ready");
    assertEquals(503, down.statusCode());
    assertEquals("{\"status\":\"DOWN\",\"checks\":{\"test.flag\":{\"status\":\"DOWN\",\"detail\":\"rebalancing\"}}}",
        down.body());
    assertEquals(200, get("/health/live").statusCode());
  }

  @Test
  void aCheckThatThrowsIsDownWithTheReason() throws Exception {
    Operations.process().ready("test.throws", () -> {
      throw new IllegalStateException("no producer");
    });
    HttpResponse<String> down = get("/health/ready");
    assertEquals(503, down.statusCode());
    assertTrue(down.body().contains("\"test.throws\":{\"status\":\"DOWN\",\"detail\":\"IllegalStateException: no"
        + " producer\"}"), down.body());
  }

  @Test
  void metricsAreTheGlobalRegistrysInPrometheusText() throws Exception {
    Counter.builder("baton.test.things").tag("service", "test").register(Operations.meters()).increment(3);
    HttpResponse<String> metrics = get("/metrics");
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.body().contains("baton_test_things_total{service=\"test\"} 3.0"), metrics.body());
    assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "the JVM's own meters");
  }

  @Test
  void otherPathsAndMethodsAreProblems() throws Exception {
    HttpResponse<String> missing = get("/metricz");
    assertEquals(404, missing.statusCode());
    assertEquals("application/problem+json", missing.headers().firstValue("Content-Type").orElseThrow());
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/metrics"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + server.port() + path);
  }

  @Test
  void thePortComesFromBatonOpsPortAndABadValueNamesTheVariable() {
    try (OperationsServer any = OperationsServer.fromEnv(java.util.Map.of("BATON_OPS_PORT", "0")).orElseThrow()) {
      assertTrue(any.port() > 0);
    }
    assertTrue(OperationsServer.fromEnv(java.util.Map.of("BATON_OPS_PORT", "off")).isEmpty());
    IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> OperationsServer.fromEnv(java.util.Map.of("BATON_OPS_PORT", "ninety")));
    assertEquals("BATON_OPS_PORT must be a port number or off, got: ninety", bad.getMessage());
  }
}
