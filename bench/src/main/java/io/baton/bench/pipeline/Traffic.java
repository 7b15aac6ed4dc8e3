package io.baton.bench.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.events.ConversationInput;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.ingress.auth.WidgetTokens;
import io.baton.ingress.DevCredentials;
import io.baton.sandbox.liveagent.LiveAgentChat;
import io.baton.sandbox.liveagent.TranscriptLine;
import io.baton.topics.ConversationKey;
import io.baton.topics.ConversationInputs;
import io.baton.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Many conversations through the running stack, each watched by a widget (an SSE stream) and answered by an agent
 * at the sandbox who accepts at once. Measures three paths: handover request (HTTP) to the chat request at the
 * sandbox; visitor message (HTTP, or a record produced straight to conversation.inputs.v1) to the sandbox's transcript;
 * agent message at the sandbox to the widget's SSE stream. Every message carries a unique text, so each one is
 * counted: delivered, lost or doubled.
 */
final class Traffic implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Stack stack;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final WidgetTokens tokens;
  private final List<String> conversations = new ArrayList<>();
  private final Map<String, String> sessionByConversation = new ConcurrentHashMap<>();
  private final Map<String, Long> handoverSent = new ConcurrentHashMap<>();
  private final Map<String, Long> agentSent = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> agentReceived = new ConcurrentHashMap<>();
  private final Map<String, Long> agentFrameAt = new ConcurrentHashMap<>();
  private volatile StageTaps taps;
  private final Map<String, Instant> visitorSent = new ConcurrentHashMap<>();
  private final AtomicInteger joined = new AtomicInteger();
  private final AtomicLong httpErrors = new AtomicLong();
  private final List<Flow.Subscription> streams = new ArrayList<>();
  private final ExecutorService agentDesk = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "bench-agent");
    t.setDaemon(true);
    return t;
  });
  private final KafkaProducer<String, ConversationInput> producer;
  private volatile Samples agentSamples = new Samples();
  final Samples handover = new Samples();
  private final int orgs;

  /** @param orgs conversations are spread over this many Salesforce orgs (the connector rate-limits per org) */
  Traffic(Stack stack, int orgs) {
    this.stack = stack;
    this.orgs = orgs;
    this.tokens = new WidgetTokens(stack.ingressConfig.security().tokenKeys());
    this.producer = new KafkaProducer<>(stack.kafka.producerProperties("bench-visitors"),
        Topics.CONVERSATION_INPUTS.keySerde().serializer(), Topics.CONVERSATION_INPUTS.valueSerde().serializer());
    stack.sandbox.liveAgent().onChatRequested(this::chatRequested); // only this traffic's conversations are taken
  }

  /** From now on, each relay also splits its paths by stage, from when {@code taps} saw each message. */
  void tapStages(StageTaps taps) {
    this.taps = taps;
  }

  /** Opens the widgets' streams, asks for {@code n} handovers at {@code perSecond}, and waits for every agent. */
  void open(int n, double perSecond, Duration patience) throws Exception {
    for (int i = 0; i < n; i++) {
      String id = "bench-" + run + "-" + i;
      conversations.add(id);
      stream(id);
    }
    Pacer pacer = new Pacer(perSecond);
    for (int i = 0; i < n; i++) {
      pacer.awaitNext();
      String id = conversations.get(i);
      String org = String.format("00D6g0000%06d", i % orgs);
      String payload = "{\"crmPlatform\":\"salesforce\",\"organizationId\":\"" + org + "\",\"deploymentId\":"
          + "\"5726g000000k9nQ\",\"buttonId\":\"5736g000000k9nQ\",\"liveAgentHostname\":\"d.la1-c2-ia4.salesforce"
          + "liveagent.com\",\"visitorName\":\"" + id + "\",\"language\":\"en-US\",\"isPost\":true,"
          + "\"receiveQueueUpdates\":true}";
      handoverSent.put(id, System.nanoTime());
      post("/v1/conversations/" + id + "/handover", payload);
    }
    long deadline = System.nanoTime() + patience.toNanos();
    while ((joined.get() < n || !handoverSent.isEmpty()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    splitHandovers();
    if (joined.get() < n) {
      throw new IllegalStateException("only " + joined.get() + " of " + n + " chats were established within "
          + patience.toSeconds() + " s (" + handoverSent.size() + " chat requests never reached the sandbox)");
    }
  }

  /**
   * The agent: told by the sandbox of each chat request as it is queued (no polling, which would take the sandbox's
   * lock a thousand times a second), notes the time, and accepts the chat at once from a thread of its own.
   */
  private void chatRequested(LiveAgentChat chat) {
    long now = System.nanoTime();
    Long sent = handoverSent.remove(chat.visitorName());
    if (sent != null) {
      handover.add((now - sent) / 1000);
      handoverTimes.put(chat.visitorName(), new long[] {sent, now});
      sessionByConversation.put(chat.visitorName(), chat.sessionId());
      agentDesk.execute(() -> stack.sandbox.liveAgent().accept(chat.sessionId(), "Alex"));
    }
  }

  /** The handover path by stage, when taps were set before {@link #open}; filled when open returns. */
  final Map<String, Samples> handoverStages = new LinkedHashMap<>();
  private final Map<String, long[]> handoverTimes = new ConcurrentHashMap<>();

  private void splitHandovers() {
    StageTaps taps = this.taps;
    if (taps == null) {
      return;
    }
    handoverTimes.forEach((conversation, times) -> {
      Long request = taps.handoverRequests.get(conversation);
      Long command = taps.startCommands.get(conversation);
      if (request != null && command != null) {
        handoverStages.computeIfAbsent(HANDOVER_INGRESS, k -> new Samples()).add((request - times[0]) / 1000);
        handoverStages.computeIfAbsent(HANDOVER_ROUTER, k -> new Samples()).add((command - request) / 1000);
        handoverStages.computeIfAbsent(HANDOVER_CONNECTOR, k -> new Samples()).add((times[1] - command) / 1000);
      }
    });
  }

  static final String HANDOVER_INGRESS = "handover: ingress (HTTP request -> conversation.inputs.v1)";
  static final String HANDOVER_ROUTER = "handover: router (conversation.inputs.v1 -> StartChat command)";
  static final String HANDOVER_CONNECTOR = "handover: connector (command -> chat request at the sandbox)";

  private void post(String path, String json) {
    http.sendAsync(HttpRequest.newBuilder(URI.create(stack.ingressUrl() + path))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + DevCredentials.BOT_KEY)
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding())
        .whenComplete((r, e) -> {
          if (e != null || r.statusCode() != 202) {
            httpErrors.incrementAndGet();
          }
        });
  }

  /** The widget: an SSE stream read line by line, with no thread of its own. */
  private void stream(String id) throws Exception {
    String token = tokens.mint(new ConversationKey(DevCredentials.TENANT, id), Instant.now().plusSeconds(3600));
    HttpRequest request = HttpRequest.newBuilder(URI.create(stack.ingressUrl() + "/v1/conversations/" + id
        + "/events?access_token=" + token)).header("Accept", "text/event-stream").build();
    http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
      private String event;
      private Flow.Subscription subscription;

      @Override
      public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        synchronized (streams) {
          streams.add(s);
        }
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(String line) {
        if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:") && event != null) {
          frame(event, line.substring(5).trim());
        } else if (line.isEmpty()) {
          event = null;
        }
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onComplete() {}
    }));
  }

  private void frame(String event, String data) {
    long now = System.nanoTime();
    if ("agent.joined".equals(event)) {
      joined.incrementAndGet();
    } else if ("agent.message".equals(event)) {
      try {
        String text = JSON.readTree(data).path("text").asText();
        agentReceived.computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet();
        agentFrameAt.putIfAbsent(text, now);
        Long sent = agentSent.get(text);
        if (sent != null) {
          agentSamples.add((now - sent) / 1000);
        }
      } catch (Exception e) {
        // not a frame of this bench
      }
    }
  }

  /** The outcome of one batch of messages. */
  record Outcome(Samples visitor, Samples agent, long visitorSent, long agentSent, long lost, long doubled,
      long errors, double seconds, Map<String, Samples> stages) {}

  /**
   * Sends {@code messages} at {@code perSecond}: alternately visitor and agent messages ({@code bothWays}), or
   * visitor messages only; through the ingress ({@code viaHttp}) or produced to conversation.inputs.v1 directly. Then
   * waits up to {@code drain} for every message, and counts each one.
   */
  Outcome relay(String tag, int messages, double perSecond, boolean bothWays, boolean viaHttp, Duration drain)
      throws Exception {
    visitorSent.clear();
    agentSent.clear();
    agentReceived.clear();
    agentFrameAt.clear();
    StageTaps taps = this.taps;
    if (taps != null) {
      taps.clear();
    }
    agentSamples = new Samples();
    long errorsBefore = httpErrors.get();
    Pacer pacer = new Pacer(perSecond);
    long start = System.nanoTime();
    long visitors = 0;
    long agents = 0;
    for (int i = 0; i < messages; i++) {
      pacer.awaitNext();
      String id = conversations.get((i / (bothWays ? 2 : 1)) % conversations.size());
      if (bothWays && i % 2 == 1) {
        String text = tag + " a " + i;
        agentSent.put(text, System.nanoTime());
        stack.sandbox.liveAgent().agentSays(sessionByConversation.get(id), text);
        agents++;
      } else {
        String text = tag + " v " + i;
        visitorSent.put(text, Instant.now());
        if (viaHttp) {
          post("/v1/conversations/" + id + "/messages", "{\"text\":\"" + text + "\"}");
        } else {
          producer.send(ConversationInputs.record(DevCredentials.TENANT + "/" + id,
              VisitorEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                  .setTenant(DevCredentials.TENANT).setConversationId(id)
                  .setBody(new VisitorMessage(text, List.of())).build()),
              (m, e) -> {
                if (e != null) {
                  httpErrors.incrementAndGet();
                }
              });
        }
        visitors++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long deadline = System.nanoTime() + drain.toNanos();
    Map<String, Integer> atAgent = Map.of();
    while (System.nanoTime() < deadline) {
      atAgent = visitorLines(tag);
      if (atAgent.size() >= visitorSent.size() && agentReceived.size() >= agentSent.size()) {
        break;
      }
      Thread.sleep(100);
    }
    Thread.sleep(300); // late doubles would show now
    Samples visitor = new Samples();
    Stages stages = new Stages(taps);
    long lost = 0;
    long doubled = 0;
    for (String id : conversations) {
      LiveAgentChat chat = stack.sandbox.liveAgent().chat(sessionByConversation.get(id)).orElseThrow();
      for (TranscriptLine line : chat.transcript()) {
        Instant sent = TranscriptLine.VISITOR.equals(line.from()) && line.text().startsWith(tag + " ")
            ? visitorSent.get(line.text()) : null;
        if (sent != null) {
          visitor.add(Duration.between(sent, line.at()).toNanos() / 1000);
          stages.visitor(line.text(), sent, line.at());
        }
      }
    }
    atAgent = visitorLines(tag);
    lost += visitorSent.size() - atAgent.size();
    doubled += atAgent.values().stream().mapToLong(c -> c - 1).sum();
    lost += agentSent.size() - agentReceived.keySet().stream().filter(agentSent::containsKey).count();
    doubled += agentReceived.values().stream().mapToLong(c -> c.get() - 1).sum();
    agentSent.forEach((text, sent) -> stages.agent(text, sent, agentFrameAt.get(text)));
    return new Outcome(visitor, agentSamples, visitors, agents, lost, doubled, httpErrors.get() - errorsBefore, seconds,
        stages.samples);
  }

  /**
   * A path split where the taps saw each message become visible (committed) on Kafka. Each tap time is also the end
   * of a consumer's fetch, as it is for the service reading that topic, so the stages add up to the whole path.
   */
  private static final class Stages {
    private final StageTaps taps;
    private final long anchorNanos = System.nanoTime();
    private final Instant anchor = Instant.now();
    final Map<String, Samples> samples = new LinkedHashMap<>();

    Stages(StageTaps taps) {
      this.taps = taps;
      if (taps != null) {
        for (String stage : List.of(VISITOR_INGRESS, VISITOR_ROUTER, VISITOR_CONNECTOR, AGENT_CONNECTOR, AGENT_ROUTER,
            AGENT_GATEWAY)) {
          samples.put(stage, new Samples());
        }
      }
    }

    /** Wall-clock instants (the sandbox's transcript) on the monotonic clock the taps use. */
    private long nanos(Instant at) {
      return anchorNanos + Duration.between(anchor, at).toNanos();
    }

    void visitor(String text, Instant sent, Instant atAgent) {
      Long event = taps == null ? null : taps.visitorEvents.get(text);
      Long command = taps == null ? null : taps.commands.get(text);
      if (event != null && command != null) {
        samples.get(VISITOR_INGRESS).add((event - nanos(sent)) / 1000);
        samples.get(VISITOR_ROUTER).add((command - event) / 1000);
        samples.get(VISITOR_CONNECTOR).add((nanos(atAgent) - command) / 1000);
      }
    }

    void agent(String text, long sent, Long frame) {
      Long event = taps == null ? null : taps.agentEvents.get(text);
      Long logged = taps == null ? null : taps.conversationEvents.get(text);
      if (event != null && logged != null && frame != null) {
        samples.get(AGENT_CONNECTOR).add((event - sent) / 1000);
        samples.get(AGENT_ROUTER).add((logged - event) / 1000);
        samples.get(AGENT_GATEWAY).add((frame - logged) / 1000);
      }
    }
  }

  static final String VISITOR_INGRESS = "visitor -> agent: ingress (HTTP request -> conversation.inputs.v1)";
  static final String VISITOR_ROUTER = "visitor -> agent: router (conversation.inputs.v1 -> connector command)";
  static final String VISITOR_CONNECTOR = "visitor -> agent: connector (command -> sandbox transcript)";
  static final String AGENT_CONNECTOR = "agent -> visitor: connector (agent says -> conversation.inputs.v1)";
  static final String AGENT_ROUTER = "agent -> visitor: router (conversation.inputs.v1 -> conversation.events.v2)";
  static final String AGENT_GATEWAY = "agent -> visitor: gateway (conversation.events.v2 -> SSE frame)";

  /** How often each visitor message of this batch is in the agents' transcripts. */
  private Map<String, Integer> visitorLines(String tag) {
    Map<String, Integer> counts = new ConcurrentHashMap<>();
    for (String id : conversations) {
      stack.sandbox.liveAgent().chat(sessionByConversation.get(id)).orElseThrow().transcript().stream()
          .filter(l -> TranscriptLine.VISITOR.equals(l.from()) && l.text().startsWith(tag + " "))
          .forEach(l -> counts.merge(l.text(), 1, Integer::sum));
    }
    return counts;
  }

  int conversations() {
    return conversations.size();
  }

  @Override
  public void close() {
    synchronized (streams) {
      streams.forEach(Flow.Subscription::cancel);
    }
    producer.close(Duration.ofSeconds(5));
    agentDesk.shutdownNow();
  }
}
