package io.baton.system;

import io.baton.events.ConversationEvent;
import io.baton.events.Platform;
import io.baton.ingress.DevCredentials;
import io.baton.ingress.handover.RunningConnectors;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.liveagent.TranscriptLine;
import io.baton.testkit.Eventually;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Live Agent chats relayed both ways through Baton at a steady pace, counted as people see them: per conversation, a
 * visitor who posts to the ingress (retrying a failed post with the same Idempotency-Key, as a bot backend does) and
 * an agent who answers at the sandbox's agent desk. What the agent got is the sandbox's transcript; what the widget
 * gets is the committed conversation log. Each side ends with a marker message: once both markers arrived, a repeat
 * of anything sent before them would have arrived too (a conversation's order is kept), so nothing is waited out.
 */
final class ChatTraffic implements AutoCloseable {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private final HelpdeskSandbox sandbox;
  private final String ingressUrl;
  private final List<String> conversations = new ArrayList<>();
  private final String prefix;
  private final Map<String, String> sessions = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> chatRequests = new ConcurrentHashMap<>();
  private final Map<String, List<String>> visitorSent = new ConcurrentHashMap<>();
  private final Map<String, List<String>> agentSent = new ConcurrentHashMap<>();
  private final AtomicInteger retries = new AtomicInteger();
  private final ExecutorService agentDesk = Executors.newSingleThreadExecutor();
  private final List<Thread> senders = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private long startedAt;

  ChatTraffic(HelpdeskSandbox sandbox, String ingressUrl, String prefix, int count) {
    this.sandbox = sandbox;
    this.ingressUrl = ingressUrl;
    this.prefix = prefix;
    for (int c = 0; c < count; c++) {
      conversations.add(prefix + c);
    }
    // watchers of earlier flows stay registered: each takes its own conversations only
    sandbox.liveAgent().onChatRequested(chat -> {
      if (conversations.contains(chat.visitorName())) {
        chatRequests.computeIfAbsent(chat.visitorName(), k -> new AtomicInteger()).incrementAndGet();
        sessions.putIfAbsent(chat.visitorName(), chat.sessionId());
        agentDesk.execute(() -> sandbox.liveAgent().accept(chat.sessionId(), "Alex"));
      }
    });
  }

  /**
   * A handover per conversation once the connector's presence is on record (a handover before would be failed at
   * once, rightly), and waits for each agent's joining in the log.
   */
  void openChats(CommittedLog log) {
    try (RunningConnectors running = new RunningConnectors(log.kafka())) {
      running.start();
      Eventually.until(PATIENCE, "the Live Agent connector's presence",
          () -> running.absence(Platform.salesforce, Instant.now()) == null);
    }
    for (String id : conversations) {
      visitorSent.put(id, new CopyOnWriteArrayList<>());
      agentSent.put(id, new CopyOnWriteArrayList<>());
      post("/v1/conversations/" + id + "/handover", "{\"crmPlatform\":\"salesforce\",\"organizationId\":"
          + "\"00D6g0000000001\",\"deploymentId\":\"5726g000000k9nQ\",\"buttonId\":\"5736g000000k9nQ\","
          + "\"liveAgentHostname\":\"d.la1-c2-ia4.salesforceliveagent.com\",\"visitorName\":\"" + id + "\"}",
          "handover-" + id);
    }
    Eventually.until(PATIENCE, "every agent joined in the log", () -> log.conversations(prefix).values().stream()
        .filter(events -> events.stream().anyMatch(e -> CommittedLog.kind(e).equals("agent.joined")))
        .count() == conversations.size());
  }

  /** Starts a visitor and an agent per conversation, each sending {@code perSecond} messages for {@code length}. */
  void start(double perSecond, Duration length) {
    int perSide = (int) (perSecond * length.toSeconds());
    long gap = (long) (1e9 / perSecond);
    startedAt = System.nanoTime();
    for (String id : conversations) {
      senders.add(daemon("visitor-" + id, () -> {
        for (int i = 0; i <= perSide; i++) {
          at(startedAt + i * gap);
          String text = id + (i == perSide ? " v end" : " v " + i);
          post("/v1/conversations/" + id + "/messages", "{\"text\":\"" + text + "\"}", "msg-" + id + "-" + i);
          visitorSent.get(id).add(text);
        }
      }));
      senders.add(daemon("agent-" + id, () -> {
        for (int i = 0; i <= perSide; i++) {
          at(startedAt + i * gap + gap / 2);
          String text = id + (i == perSide ? " a end" : " a " + i);
          sandbox.liveAgent().agentSays(sessions.get(id), text);
          agentSent.get(id).add(text);
        }
      }));
    }
  }

  /** Waits until {@code offset} after the traffic's start. */
  void await(Duration offset) {
    at(startedAt + offset.toNanos());
  }

  /**
   * Waits for the senders and both end markers of every conversation, then counts per person-visible stream: lost,
   * doubled, out of order; sessions other than one; log sequences other than 1..n.
   */
  Map<String, Integer> tally(CommittedLog log) throws InterruptedException {
    for (Thread t : senders) {
      t.join(PATIENCE.toMillis());
    }
    Eventually.until(PATIENCE, "both end markers of every conversation", () -> {
      Map<String, List<ConversationEvent>> events = log.conversations(prefix);
      return conversations.stream().allMatch(id -> agentSaw(id).contains(id + " v end")
          && texts(events.get(id), "agent.message").contains(id + " a end"));
    });
    Map<String, List<ConversationEvent>> events = log.conversations(prefix);
    Map<String, Integer> counts = new TreeMap<>();
    for (String id : conversations) {
      tally(counts, "visitor -> agent", visitorSent.get(id), agentSaw(id));
      tally(counts, "agent -> widget", agentSent.get(id), texts(events.get(id), "agent.message"));
      tally(counts, "visitor -> widget", visitorSent.get(id), texts(events.get(id), "visitor.message"));
      counts.merge("helpdesk sessions other than one", Math.abs(chatRequests.get(id).get() - 1), Integer::sum);
      List<Long> sequences = events.get(id).stream().map(ConversationEvent::getSequence).toList();
      int gapsOrRepeats = 0;
      for (int i = 0; i < sequences.size(); i++) {
        gapsOrRepeats += sequences.get(i) == i + 1 ? 0 : 1;
      }
      counts.merge("log sequences other than 1..n", gapsOrRepeats, Integer::sum);
    }
    System.out.printf("%s: %d visitor and %d agent messages over %d conversations, %d visitor posts retried; %s%n",
        prefix, visitorSent.values().stream().mapToInt(List::size).sum(),
        agentSent.values().stream().mapToInt(List::size).sum(), conversations.size(), retries.get(), counts);
    return counts;
  }

  /** What {@link #tally} gives when nothing went wrong. */
  static Map<String, Integer> nothingWrong() {
    Map<String, Integer> zero = new TreeMap<>();
    for (String stream : List.of("visitor -> agent", "agent -> widget", "visitor -> widget")) {
      for (String fault : List.of(" lost", " doubled", " out of order")) {
        zero.put(stream + fault, 0);
      }
    }
    zero.put("helpdesk sessions other than one", 0);
    zero.put("log sequences other than 1..n", 0);
    return zero;
  }

  int retries() {
    return retries.get();
  }

  private static void tally(Map<String, Integer> counts, String stream, List<String> sent, List<String> seen) {
    Map<String, Integer> times = new HashMap<>();
    seen.forEach(t -> times.merge(t, 1, Integer::sum));
    int lost = (int) sent.stream().filter(t -> !times.containsKey(t)).count();
    int doubled = times.values().stream().mapToInt(n -> n - 1).sum();
    List<String> firsts = seen.stream().distinct().filter(sent::contains).toList();
    List<String> expected = sent.stream().filter(firsts::contains).toList();
    int outOfOrder = 0;
    for (int i = 0; i < firsts.size(); i++) {
      outOfOrder += firsts.get(i).equals(expected.get(i)) ? 0 : 1;
    }
    counts.merge(stream + " lost", lost, Integer::sum);
    counts.merge(stream + " doubled", doubled, Integer::sum);
    counts.merge(stream + " out of order", outOfOrder, Integer::sum);
  }

  private List<String> agentSaw(String id) {
    return sandbox.liveAgent().chat(sessions.get(id)).orElseThrow().transcript().stream()
        .filter(l -> l.from().equals(TranscriptLine.VISITOR)).map(TranscriptLine::text).toList();
  }

  private static List<String> texts(List<ConversationEvent> events, String kind) {
    return events == null ? List.of()
        : events.stream().filter(e -> CommittedLog.kind(e).equals(kind)).map(CommittedLog::text).toList();
  }

  /** POSTs as the bot until the ingress answers 2xx, with the same Idempotency-Key each time. */
  private void post(String path, String json, String key) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    String last = "nothing";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ingressUrl + path))
            .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + DevCredentials.BOT_KEY).header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 == 2) {
          return;
        }
        if (r.statusCode() / 100 == 4 && r.statusCode() != 409) {
          throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      retries.incrementAndGet();
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // a client's back-off before its retry
    }
    throw new AssertionError(path + " got no 2xx within " + PATIENCE + "; last: " + last);
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void at(long nanos) {
    long wait = nanos - System.nanoTime();
    if (wait > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  @Override
  public void close() {
    agentDesk.shutdownNow();
  }
}
