package io.baton.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.analytics.AnalyticsConfig;
import io.baton.analytics.AnalyticsService;
import io.baton.connector.chat2desk.Chat2DeskConfig;
import io.baton.connector.chat2desk.Chat2DeskConnector;
import io.baton.connector.dixa.DixaConfig;
import io.baton.connector.dixa.DixaConnector;
import io.baton.connector.misc.MiscConfig;
import io.baton.connector.misc.MiscConnector;
import io.baton.connector.salesforce.SalesforceConfig;
import io.baton.connector.salesforce.SalesforceConnector;
import io.baton.connector.zendesk.ZendeskConfig;
import io.baton.connector.zendesk.ZendeskConnector;
import io.baton.ingress.DevCredentials;
import io.baton.ingress.IngressConfig;
import io.baton.ingress.IngressService;
import io.baton.operations.Operations;
import io.baton.operations.OperationsServer;
import io.baton.router.RouterConfig;
import io.baton.router.RouterService;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.service.Service;
import io.baton.testkit.CapturedLogs;
import io.baton.testkit.Eventually;
import io.baton.testkit.cluster.KafkaCluster;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack's case: one broker, stopped and started again on its port and data, under every service of the
 * stack in one process (ingress, router, analytics, each connector host). While it is away the operations port's
 * {@code /health/ready} is 503 naming each check that lost Kafka (liveness stays 200, webhook servers still listen);
 * once it is back, every check is UP again and a Live Agent chat is relayed both ways and counted by the analytics
 * stream, with no service restarted.
 */
class BrokerOutageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** At least these checks ask Kafka: every service's, each connector host's command loop (zendesk and misc run several). */
  private static final List<String> ON_KAFKA = List.of("router.streams", "analytics.streams", "ingress.produce",
      "ingress.conversation-log", "connector-salesforce.commands", "connector-dixa.commands",
      "connector-zendesk-sunco.commands", "connector-zendesk-support.commands", "connector-chat2desk.commands",
      "connector-kustomer.commands", "connector-freshchat.commands", "connector-gorgias.commands",
      "connector-oracle-chat.commands");
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path home;

  @Test
  void everyServiceGoesUnreadyWhileTheBrokerIsStoppedAndRelaysAgainOnceItIsBack() throws Exception {
    List<Service> started = new ArrayList<>();
    try (CapturedLogs logs = CapturedLogs.start(); KafkaCluster broker = KafkaCluster.start(1, home.resolve("kafka"));
         HelpdeskSandbox sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0)
             .withLongPollHold(Duration.ofSeconds(2)));
         OperationsServer ops = OperationsServer.start(Operations.process(), 0)) {
      try {
        relayAcrossAnOutage(broker, sandbox, ops, started);
        // nothing gave up on the way (a loop ended by a timeout logs an error and stops working for good)
        assertEquals(List.of(), logs.lines().stream().filter(line -> line.contains("\"level\":\"ERROR\""))
            .toList());
      } finally {
        Collections.reverse(started); // before the broker goes: a clean stop writes to it
        started.forEach(Service::stop);
      }
    }
    assertEquals(List.of(), Operations.process().readiness().keySet().stream()
        .filter(name -> ON_KAFKA.contains(name) || name.endsWith(".webhooks")).toList(),
        "stopped services forget their checks");
  }

  private void relayAcrossAnOutage(KafkaCluster broker, HelpdeskSandbox sandbox, OperationsServer ops,
      List<Service> started) throws Exception {
    Map<String, String> env = new HashMap<>(DevCredentials.withDevDefaults(Map.of()));
    env.put("BATON_KAFKA_BOOTSTRAP", broker.bootstrapServers());
    // A consumer's blocking calls (a commit, a position) give up after 5 s instead of 60: a short outage here is
    // what a minute-long one is to a service's defaults, so a loop that a timeout ends would show.
    env.put("BATON_KAFKA_DEFAULT_API_TIMEOUT_MS", "5000");
    env.put("BATON_KAFKA_REQUEST_TIMEOUT_MS", "5000"); // no more than the above, as clients require
    env.put("BATON_ROUTER_STATE_DIR", home.resolve("router-state").toString());
    env.put("BATON_ANALYTICS_STATE_DIR", home.resolve("analytics-state").toString());
    env.put("BATON_INGRESS_PORT", "0");
    for (String port : List.of("DIXA", "ZENDESK", "CHAT2DESK", "MISC")) {
      env.put("BATON_" + port + "_WEBHOOK_PORT", "0");
    }
    env.put("BATON_DIXA_API_URL", sandbox.dixaUrl());
    env.put("BATON_ZENDESK_API_URL", sandbox.zendeskUrl());
    env.put("BATON_CHAT2DESK_API_URL", sandbox.address().chat2deskBaseUrl());
    env.put("BATON_KUSTOMER_API_URL", sandbox.kustomerUrl());
    env.put("BATON_FRESHCHAT_API_URL", sandbox.freshchatUrl());
    env.put("BATON_GORGIAS_API_URL", sandbox.gorgiasUrl());
    KafkaSettings kafka = KafkaSettings.fromEnv(env);
    IngressService ingress = new IngressService(IngressConfig.fromEnv(env), kafka);
    // The router's start waits for its group and stores: the others start meanwhile, as in the local stack.
    RouterService router = new RouterService(RouterConfig.fromEnv(env), kafka);
    started.add(router);
    CompletableFuture<Void> routing = CompletableFuture.runAsync(router::start);
    for (Service service : List.of(new AnalyticsService(AnalyticsConfig.fromEnv(env), kafka), ingress,
        SalesforceConnector.liveAgent(SalesforceConfig.forLiveAgentUrl(sandbox.liveAgentRestUrl()), kafka),
        new DixaConnector(DixaConfig.fromEnv(env), kafka), new ZendeskConnector(ZendeskConfig.fromEnv(env), kafka),
        new Chat2DeskConnector(Chat2DeskConfig.fromEnv(env), kafka),
        new MiscConnector(MiscConfig.fromEnv(env), kafka))) {
      service.start();
      started.add(service);
    }
    routing.join();
    Eventually.assertThat(Duration.ofSeconds(30), () -> assertEquals(up(true), onKafka(ready(ops))));

    broker.stop(1);
    Eventually.assertThat(Duration.ofSeconds(30), () -> {
      JsonNode ready = ready(ops);
      assertEquals(503, ready.path("_http").asInt(), ready.toString());
      Map<String, String> down = new TreeMap<>();
      ready.get("checks").fields().forEachRemaining(check -> {
        if (check.getValue().get("status").asText().equals("DOWN")) {
          down.put(check.getKey(), check.getValue().get("detail").asText().replaceAll("\\d+ s$", "N s"));
        }
      });
      Map<String, String> expected = new TreeMap<>();
      ready.get("checks").fieldNames().forEachRemaining(name -> {
        if (!name.endsWith(".webhooks")) {
          expected.put(name, "no answer from Kafka for N s");
        }
      });
      assertEquals(expected, down, ready.toString());
      assertEquals(List.of(), ON_KAFKA.stream().filter(name -> !down.containsKey(name)).toList());
    });
    assertEquals(200, get(ops.port(), "/health/live").statusCode(), "a stopped broker kills nothing");
    assertEquals(503, get(ingress.port(), "/health").statusCode(), "the ingress's own /health says so too");
    List<String> webhookServers = new ArrayList<>();
    ready(ops).get("checks").fields().forEachRemaining(check -> {
      if (check.getKey().endsWith(".webhooks")) {
        assertEquals("UP", check.getValue().get("status").asText(), check.getKey() + " still listens");
        webhookServers.add(check.getKey());
      }
    });
    assertEquals(List.of("connector-chat2desk.webhooks", "connector-dixa.webhooks", "connector-freshchat.webhooks",
        "connector-gorgias.webhooks", "connector-kustomer.webhooks", "connector-zendesk-sunco.webhooks",
        "connector-zendesk-support.webhooks"), webhookServers.stream().sorted().toList());

    broker.restart(1);
    Eventually.assertThat(Duration.ofSeconds(60), () -> assertEquals(up(true), onKafka(ready(ops))));
    assertEquals(200, get(ingress.port(), "/health").statusCode());
    try (ChatTraffic chat = new ChatTraffic(sandbox, "http://localhost:" + ingress.port(), "after-outage-", 1)) {
      CommittedLog log = new CommittedLog(kafka);
      chat.openChats(log);
      chat.start(2, Duration.ofSeconds(2));
      assertEquals(ChatTraffic.nothingWrong(), chat.tally(log));
      Eventually.until(Duration.ofSeconds(30), "the handover's facts with its agent joined", () -> log.values(
          Topics.ANALYTICS_HANDOVERS).stream().anyMatch(
              f -> f.getConversationId().equals("after-outage-0")
                  && f.getAgentJoinedAt() != null));
    }
  }

  private static Map<String, Boolean> up(boolean up) {
    Map<String, Boolean> all = new TreeMap<>();
    ON_KAFKA.forEach(name -> all.put(name, up));
    all.put("every check", up);
    return all;
  }

  /** Each of {@link #ON_KAFKA} UP or not, and whether every check is. */
  private static Map<String, Boolean> onKafka(JsonNode ready) {
    Map<String, Boolean> out = new TreeMap<>();
    ON_KAFKA.forEach(name -> out.put(name, ready.get("checks").path(name).path("status").asText().equals("UP")));
    out.put("every check", ready.path("_http").asInt() == 200);
    return out;
  }

  /** The operations port's readiness, its HTTP status under {@code _http}. */
  private JsonNode ready(OperationsServer ops) throws Exception {
    HttpResponse<String> r = get(ops.port(), "/health/ready");
    var body = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(r.body());
    body.put("_http", r.statusCode());
    return body;
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
