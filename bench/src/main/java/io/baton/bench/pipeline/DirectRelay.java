package io.baton.bench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.liveagent.LiveAgentChat;
import io.baton.sandbox.liveagent.TranscriptLine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a bot platform does without Baton: calls the Live Agent REST API itself, over HTTP, with no Kafka. Opens
 * chats (SessionId + ChasitorInit), has them accepted at once, then relays visitor messages (ChatMessage) and reads
 * agent messages by long polling (System/Messages), at the same rate as the pipeline run.
 */
final class DirectRelay {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HelpdeskSandbox sandbox;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<Session> sessions = new ArrayList<>();
  private final Map<String, Long> agentSent = new ConcurrentHashMap<>();
  final Samples handover = new Samples();
  final Samples visitorToAgent = new Samples();
  final Samples agentToVisitor = new Samples();
  private volatile boolean polling = true;
  long sent;
  long lost;

  private static final class Session {
    String id;
    String key;
    String affinity;
    final AtomicLong sequence = new AtomicLong();
    /** One POST at a time per chat, as Live Agent requires: a later sequence number arriving first drops the earlier. */
    java.util.concurrent.CompletableFuture<?> lastPost = java.util.concurrent.CompletableFuture.completedFuture(null);
    final Map<String, Instant> visitorSent = new ConcurrentHashMap<>();
    /** Live Agent refuses (500) a visitor's message until the visitor has received ChatRequestSuccess. */
    final java.util.concurrent.CompletableFuture<Void> accepted = new java.util.concurrent.CompletableFuture<>();
  }

  DirectRelay(HelpdeskSandbox sandbox) {
    this.sandbox = sandbox;
  }

  /** Opens {@code chats} chats, relays {@code messages} in all (half each way) at {@code perSecond}, then stops. */
  void run(int chats, int messages, double perSecond) throws Exception {
    sandbox.liveAgent().accept(open("direct-warm-up").id, "Alex"); // connections and code paths warm
    for (int i = 0; i < chats; i++) {
      long start = System.nanoTime();
      Session s = open("direct-" + i);
      handover.add((System.nanoTime() - start) / 1000);
      sandbox.liveAgent().accept(s.id, "Alex");
      sessions.add(s);
      poll(s, -1);
    }
    for (Session s : sessions) {
      s.accepted.get(20, java.util.concurrent.TimeUnit.SECONDS); // a message sent before it would be refused
    }
    Pacer pacer = new Pacer(perSecond);
    for (int i = 0; i < messages; i++) {
      pacer.awaitNext();
      Session s = sessions.get(i % sessions.size());
      String text = (i % 2 == 0 ? "v " : "a ") + i;
      sent++;
      if (i % 2 == 0) {
        s.visitorSent.put(text, Instant.now());
        post(s, "Chasitor/ChatMessage", "{\"text\":\"" + text + "\"}");
      } else {
        agentSent.put(text, System.nanoTime());
        sandbox.liveAgent().agentSays(s.id, text);
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline && (!agentSent.isEmpty() || !allArrived())) {
      Thread.sleep(20);
    }
    lost = agentSent.size();
    for (Session s : sessions) {
      LiveAgentChat chat = sandbox.liveAgent().chat(s.id).orElseThrow();
      for (TranscriptLine line : chat.transcript()) {
        Instant at = s.visitorSent.remove(line.text());
        if (TranscriptLine.VISITOR.equals(line.from()) && at != null) {
          visitorToAgent.add(Duration.between(at, line.at()).toNanos() / 1000);
        }
      }
      lost += s.visitorSent.size();
    }
    polling = false;
  }

  private boolean allArrived() {
    for (Session s : sessions) {
      long visitorLines = sandbox.liveAgent().chat(s.id).orElseThrow().transcript().stream()
          .filter(l -> TranscriptLine.VISITOR.equals(l.from())).count();
      if (visitorLines < s.visitorSent.size()) {
        return false;
      }
    }
    return true;
  }

  private Session open(String visitor) throws Exception {
    Session s = new Session();
    HttpResponse<String> r = http.send(request("System/SessionId").header("X-LIVEAGENT-AFFINITY", "null").GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = JSON.readTree(r.body());
    s.id = json.path("id").asText();
    s.key = json.path("key").asText();
    s.affinity = json.path("affinityToken").asText();
    String init = JSON.writeValueAsString(Map.of("organizationId", "00D000000000001", "deploymentId", "572000000000001",
        "buttonId", "573000000000001", "sessionId", s.id, "visitorName", visitor, "userAgent", "bench",
        "language", "en-US", "screenResolution", "1920x1080", "prechatDetails", List.of(), "isPost", true));
    HttpResponse<String> initialised = http.send(post(s, "Chasitor/ChasitorInit").POST(
        HttpRequest.BodyPublishers.ofString(init)).build(), HttpResponse.BodyHandlers.ofString());
    if (initialised.statusCode() != 200) {
      throw new IllegalStateException("ChasitorInit answered " + initialised.statusCode() + ": " + initialised.body());
    }
    return s;
  }

  private void post(Session s, String path, String body) {
    s.lastPost = s.lastPost.handle((x, e) -> null).thenCompose(x -> http.sendAsync(post(s, path)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()));
  }

  private HttpRequest.Builder post(Session s, String path) {
    return request(path).header("X-LIVEAGENT-AFFINITY", s.affinity).header("X-LIVEAGENT-SESSION-KEY", s.key)
        .header("X-LIVEAGENT-SEQUENCE", Long.toString(s.sequence.incrementAndGet()))
        .header("Content-Type", "application/json");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(sandbox.liveAgentRestUrl() + path)).header("X-LIVEAGENT-API-VERSION", "49")
        .timeout(Duration.ofSeconds(60));
  }

  /** One long-poll loop per chat, as a chain of asynchronous requests. */
  private void poll(Session s, long ack) {
    if (!polling) {
      return;
    }
    http.sendAsync(request("System/Messages?ack=" + ack).header("X-LIVEAGENT-AFFINITY", s.affinity)
        .header("X-LIVEAGENT-SESSION-KEY", s.key).GET().build(), HttpResponse.BodyHandlers.ofString())
        .whenComplete((r, e) -> {
          long now = System.nanoTime();
          long next = ack;
          if (e == null && r.statusCode() == 200) {
            try {
              JsonNode json = JSON.readTree(r.body());
              next = json.path("sequence").asLong(ack);
              for (JsonNode m : json.path("messages")) {
                if ("ChatRequestSuccess".equals(m.path("type").asText())
                    || "ChatEstablished".equals(m.path("type").asText())) {
                  s.accepted.complete(null);
                }
                if ("ChatMessage".equals(m.path("type").asText())) {
                  Long at = agentSent.remove(m.path("message").path("text").asText());
                  if (at != null) {
                    agentToVisitor.add((now - at) / 1000);
                  }
                }
              }
            } catch (Exception parse) {
              // an unreadable answer is polled again
            }
          } else if (e == null && r.statusCode() != 204) {
            return; // the session is gone (403) or the sandbox stopped
          }
          poll(s, next);
        });
  }
}
