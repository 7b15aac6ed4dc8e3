package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.connector.salesforce.SalesforceConnector;
import io.baton.ingress.IngressMain;
import io.baton.router.RouterService;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.liveagent.LiveAgentChat;
import io.baton.sandbox.liveagent.TranscriptLine;
import io.baton.testkit.ChildJvm;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline under traffic while its services die: router, Live Agent connector and two ingress instances,
 * each in a JVM of its own, relay messages both ways at 200 msg/s; the router, the connector and one ingress are each
 * killed once with SIGKILL and started again. Widgets follow their SSE stream from whichever ingress answers (with
 * Last-Event-ID, as a browser's EventSource does), and the visitor retries a message that got no answer on the other
 * ingress with the same Idempotency-Key. What a person sees is counted, read raw: the agent's transcript at the
 * sandbox and the frames of each widget's stream. Nothing may be lost, doubled or out of order, and each conversation
 * has exactly one helpdesk session.
 */
@ExtendWith(KafkaBrokerExtension.class)
class PipelineCrashTest {
  private static final int CONVERSATIONS = 10;
  /** Visitor and agent messages together, over every conversation. */
  private static final double MESSAGES_PER_SECOND = 200;
  private static final Duration TRAFFIC = Duration.ofSeconds(15);
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path work;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void nothingIsLostDoubledOrReorderedWhileTheRouterTheConnectorAndAnIngressAreKilled(KafkaBroker kafka)
      throws Exception {
    HelpdeskSandbox sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0)
        .withLongPollHold(Duration.ofSeconds(2)));
    Map<String, String> sessions = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> chatRequests = new ConcurrentHashMap<>();
    ExecutorService agentDesk = Executors.newSingleThreadExecutor();
    sandbox.liveAgent().onChatRequested(chat -> {
      chatRequests.computeIfAbsent(chat.visitorName(), k -> new AtomicInteger()).incrementAndGet();
      sessions.putIfAbsent(chat.visitorName(), chat.sessionId());
      agentDesk.execute(() -> sandbox.liveAgent().accept(chat.sessionId(), "Alex"));
    });
    Map<String, String> env = new HashMap<>(LocalStack.withDevDefaults(Map.of()));
    env.put("BATON_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    env.put("BATON_KAFKA_SESSION_TIMEOUT_MS", "3000"); // the group notices a dead dynamic member soon
    env.put("BATON_KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
    env.put("BATON_ROUTER_STATE_DIR", work.resolve("router-state").toString());
    env.put("BATON_ROUTER_INSTANCE_ID", "crash-router");
    env.put("BATON_SALESFORCE_LIVEAGENT_URL", sandbox.liveAgentRestUrl());
    env.put("BATON_CONNECTOR_INSTANCE_ID", "crash-connector");
    env.put("BATON_INGRESS_WEBHOOKS_DISPATCH", "false");
    int[] ports = {freePort(), freePort()};
    List<ChildJvm> children = new ArrayList<>();
    try {
      ChildJvm router = ChildJvm.start(RouterService.class, env, work.resolve("router.log"));
      ChildJvm connector = ChildJvm.start(SalesforceConnector.class, env, work.resolve("connector.log"));
      ChildJvm[] ingress = new ChildJvm[2];
      for (int i = 0; i < 2; i++) {
        ingress[i] = ChildJvm.start(IngressMain.class, with(env, "BATON_INGRESS_PORT", ports[i]),
            work.resolve("ingress-" + i + ".log"));
      }
      children.addAll(List.of(router, connector, ingress[0], ingress[1]));
      for (int port : ports) {
        awaitListening(port);
      }

      List<String> conversations = new ArrayList<>();
      Map<String, Widget> widgets = new LinkedHashMap<>();
      for (int c = 0; c < CONVERSATIONS; c++) {
        String id = "crash-" + c;
        conversations.add(id);
        widgets.put(id, new Widget(id, ports));
        String payload = "{\"crmPlatform\":\"salesforce\",\"organizationId\":\"00D6g0000000001\","
            + "\"deploymentId\":\"5726g000000k9nQ\",\"buttonId\":\"5736g000000k9nQ\",\"liveAgentHostname\":"
            + "\"d.la1-c2-ia4.salesforceliveagent.com\",\"visitorName\":\"" + id + "\"}";
        post(ports, "/v1/conversations/" + id + "/handover", payload, "handover-" + id);
      }
      awaitTrue("every widget sees its agent join", () -> widgets.values().stream()
          .allMatch(w -> w.texts("agent.joined").size() == 1));

      // Traffic: per conversation, a visitor who waits for each answer, and an agent, at the same pace.
      double perConversation = MESSAGES_PER_SECOND / 2 / CONVERSATIONS;
      int perSide = (int) (perConversation * TRAFFIC.toSeconds());
      Map<String, List<String>> visitorSent = new ConcurrentHashMap<>();
      Map<String, List<String>> agentSent = new ConcurrentHashMap<>();
      AtomicInteger retries = new AtomicInteger();
      List<Thread> senders = new ArrayList<>();
      long start = System.nanoTime();
      long gapNanos = (long) (1e9 / perConversation);
      for (String id : conversations) {
        visitorSent.put(id, new CopyOnWriteArrayList<>());
        agentSent.put(id, new CopyOnWriteArrayList<>());
        senders.add(thread("visitor-" + id, () -> {
          for (int i = 0; i < perSide; i++) {
            pace(start + i * gapNanos);
            String text = id + " v " + i;
            retries.addAndGet(post(ports, "/v1/conversations/" + id + "/messages", "{\"text\":\"" + text + "\"}",
                "msg-" + id + "-" + i));
            visitorSent.get(id).add(text);
          }
        }));
        senders.add(thread("agent-" + id, () -> {
          for (int i = 0; i < perSide; i++) {
            pace(start + i * gapNanos + gapNanos / 2);
            String text = id + " a " + i;
            sandbox.liveAgent().agentSays(sessions.get(id), text);
            agentSent.get(id).add(text);
          }
        }));
      }
      // Early kills, so each restart happens under traffic, and the halting ingress is up while messages still flow.
      pace(start + Duration.ofSeconds(2).toNanos());
      router = router.restart();
      pace(start + Duration.ofMillis(4500).toNanos());
      connector = connector.restart();
      pace(start + Duration.ofSeconds(6).toNanos());
      // The ingress dies twice: killed at a random point, then, started with the test-only crash point, right after
      // Kafka acknowledged the first visitor message it takes and before answering it; the visitor retries on the
      // other instance. Each post tries this instance first, so the first one after it listens is that message.
      ingress[0] = ingress[0].restart(Map.of("BATON_TEST_CRASH_AFTER_ACK", "halt-after-kafka-ack"));
      children.clear();
      children.addAll(List.of(router, connector, ingress[0], ingress[1]));
      for (Thread t : senders) {
        t.join(TRAFFIC.toMillis() + PATIENCE.toMillis());
      }
      int late = 0;
      ChildJvm halting = ingress[0];
      awaitTrue("the restarted ingress listens or halted", () -> !halting.alive() || listening(ports[0]));
      for (String id = conversations.get(0); halting.alive() && late < 20; late++) {
        // On a loaded machine that ingress may start (or be ready) after the traffic's last message: more visitor
        // messages, once it listens, take the crash point (each post tries it first) and are retried on the other.
        String text = id + " v " + (perSide + late);
        retries.addAndGet(post(ports, "/v1/conversations/" + id + "/messages", "{\"text\":\"" + text + "\"}",
            "msg-" + id + "-" + (perSide + late)));
        visitorSent.get(id).add(text);
        Thread.sleep(250);
      }
      System.out.println("pipeline crash: " + late + " visitor messages after the traffic reached the halting ingress");
      assertEquals(137, ingress[0].awaitExit(Duration.ofSeconds(5)), "the ingress halted after an ack");

      awaitTrue("every message arrives on both sides",
          () -> conversations.stream()
              .allMatch(id -> agentSaw(sandbox, sessions.get(id)).size() >= visitorSent.get(id).size()
                  && widgets.get(id).texts("agent.message").size() >= agentSent.get(id).size()));
      Thread.sleep(1_000); // a late duplicate would arrive now

      Map<String, Integer> counts = new LinkedHashMap<>();
      for (String id : conversations) {
        tally(counts, "visitor -> agent", visitorSent.get(id), agentSaw(sandbox, sessions.get(id)));
        tally(counts, "agent -> widget", agentSent.get(id), widgets.get(id).texts("agent.message"));
        tally(counts, "visitor -> widget", visitorSent.get(id), widgets.get(id).texts("visitor.message"));
        counts.merge("helpdesk sessions other than one", Math.abs(chatRequests.get(id).get() - 1), Integer::sum);
      }
      System.out.printf("pipeline crash: %d visitor and %d agent messages over %d conversations; %d visitor retries "
          + "on the other ingress; %s%n", visitorSent.values().stream().mapToInt(List::size).sum(),
          agentSent.values().stream().mapToInt(List::size).sum(), CONVERSATIONS, retries.get(), counts);
      assertEquals(Map.of("visitor -> agent lost", 0, "visitor -> agent doubled", 0,
          "visitor -> agent out of order", 0, "agent -> widget lost", 0, "agent -> widget doubled", 0,
          "agent -> widget out of order", 0, "visitor -> widget lost", 0, "visitor -> widget doubled", 0,
          "visitor -> widget out of order", 0, "helpdesk sessions other than one", 0), counts,
          "counts per person-visible stream (" + retries.get() + " visitor retries on the other ingress)");
      for (String id : conversations) {
        assertEquals(visitorSent.get(id), agentSaw(sandbox, sessions.get(id)), id + ": the agent's transcript");
        assertEquals(agentSent.get(id), widgets.get(id).texts("agent.message"), id + ": the widget's agent messages");
      }
      assertEquals(CONVERSATIONS * perSide + late, visitorSent.values().stream().mapToInt(List::size).sum());
      assertTrue(retries.get() >= 1, "at least the message the ingress halted on was retried on the other one");
      widgets.values().forEach(Widget::close);
    } finally {
      for (ChildJvm child : children) {
        child.close();
      }
      agentDesk.shutdownNow();
      sandbox.close();
    }
  }

  /** Adds lost, doubled and out-of-order counts of one stream: what was sent against what a person saw. */
  private static void tally(Map<String, Integer> counts, String stream, List<String> sent, List<String> seen) {
    Map<String, Integer> times = new HashMap<>();
    seen.forEach(t -> times.merge(t, 1, Integer::sum));
    int lost = (int) sent.stream().filter(t -> !times.containsKey(t)).count();
    int doubled = times.values().stream().mapToInt(n -> n - 1).sum();
    List<String> firsts = seen.stream().distinct().filter(sent::contains).toList();
    List<String> expected = sent.stream().filter(firsts::contains).toList();
    int outOfOrder = 0;
    for (int i = 0; i < firsts.size(); i++) {
      if (!firsts.get(i).equals(expected.get(i))) {
        outOfOrder++;
      }
    }
    counts.merge(stream + " lost", lost, Integer::sum);
    counts.merge(stream + " doubled", doubled, Integer::sum);
    counts.merge(stream + " out of order", outOfOrder, Integer::sum);
  }

  private static List<String> agentSaw(HelpdeskSandbox sandbox, String session) {
    LiveAgentChat chat = sandbox.liveAgent().chat(session).orElseThrow();
    return chat.transcript().stream().filter(l -> l.from().equals(TranscriptLine.VISITOR)).map(TranscriptLine::text)
        .toList();
  }

  /**
   * POSTs as the bot until an ingress answers 2xx, switching instance after a failure, with the same
   * Idempotency-Key each time. Returns how many retries it took.
   */
  private int post(int[] ports, String path, String json, String key) {
    int retries = 0;
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      int port = ports[attempt % 2 == 0 ? 0 : 1];
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + LocalStack.DEV_BOT_KEY).header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 == 2) {
          return retries;
        }
        if (r.statusCode() / 100 == 4 && r.statusCode() != 409) {
          throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
        }
      } catch (IOException e) {
        // the instance is gone: the other one gets the same request
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      retries++;
      sleep(100);
    }
    throw new AssertionError(path + " got no answer within " + PATIENCE);
  }

  /** A widget: its conversation's SSE stream, resumed on the other ingress with Last-Event-ID when one dies. */
  private final class Widget {
    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private volatile Stream<String> lines;
    private volatile String lastEventId;

    Widget(String conversation, int[] ports) throws Exception {
      HttpResponse<String> minted = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ports[1]
          + "/dev/widget-tokens/" + conversation)).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(201, minted.statusCode(), minted.body());
      String token = JSON.readTree(minted.body()).get("token").asText();
      thread("widget-" + conversation, () -> {
        for (int attempt = 0; open.get(); attempt++) {
          String url = "http://localhost:" + ports[attempt % 2] + "/v1/conversations/" + conversation
              + "/events?access_token=" + token;
          try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
            if (lastEventId != null) {
              request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
            lines = response.body();
            read(response.body());
          } catch (IOException e) {
            // that instance is gone: the other one
          } catch (InterruptedException e) {
            return;
          }
          sleep(100);
        }
      });
    }

    private void read(Stream<String> body) {
      String id = null;
      String event = null;
      try {
        for (String line : (Iterable<String>) body::iterator) {
          if (line.startsWith("id:")) {
            id = line.substring(3).trim();
          } else if (line.startsWith("event:")) {
            event = line.substring(6).trim();
          } else if (line.startsWith("data:") && event != null) {
            JsonNode data = JSON.readTree(line.substring(5).trim());
            ((com.fasterxml.jackson.databind.node.ObjectNode) data).put("_event", event);
            frames.add(data);
            if (id != null) {
              lastEventId = id;
            }
          } else if (line.isEmpty()) {
            id = null;
            event = null;
          }
        }
      } catch (Exception e) {
        // the stream broke: resumed by the caller
      }
    }

    List<String> texts(String event) {
      return frames.stream().filter(f -> f.path("_event").asText().equals(event))
          .map(f -> f.path("text").asText(f.path("agentName").asText())).toList();
    }

    void close() {
      open.set(false);
      Stream<String> l = lines;
      if (l != null) {
        l.close();
      }
    }
  }

  private static Map<String, String> with(Map<String, String> env, String name, int value) {
    Map<String, String> out = new HashMap<>(env);
    out.put(name, Integer.toString(value));
    return out;
  }

  private boolean listening(int port) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/openapi.json")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void awaitListening(int port) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/openapi.json")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no ingress on port " + port + " within " + PATIENCE);
  }

  private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + PATIENCE + ": " + what);
      }
      Thread.sleep(100);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void pace(long atNanos) {
    long wait = atNanos - System.nanoTime();
    if (wait > 0) {
      sleep(wait / 1_000_000);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread thread(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
