package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.sandbox.SandboxAddress;
import io.baton.sandbox.SandboxIdentity;
import io.baton.sandbox.sunco.SuncoSimulator;
import io.baton.testkit.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's "done when": {@code ./baton up} after a clean stop (Ctrl-C) and after a crash (kill -9) serves again within
 * seconds of its launch (a widget visitor who asks for a human is queued at the helpdesk; see {@link #SERVING_WITHIN}),
 * a Ctrl-C stops the stack within seconds, and a healthy start prints nothing but the banner. And the helpdesk sandbox
 * plays an outside helpdesk: {@code ./baton up} starts it as a process of its own, a Ctrl-C and a kill -9 of the stack
 * leave it (and its chats) running, the restarted stack uses it again without setting anything up twice, and chats
 * that were open with an agent go on both ways after each restart, nothing lost or doubled: Live Agent (long-polled,
 * the demo's "human") and Kustomer (webhooks). One flow, three launches: each launch of the stack costs seconds.
 */
class StackRestartTest {
  /**
   * Launched to serving: the goal is 10 s (4 to 8 s measured on a quiet 2-core machine; printed by each run).
   * Asserted with room for a loaded CI machine (25 s was missed by half a second once), yet under the 45 s a
   * member left in its group by a crash or an unclean close keeps its partitions, the failure this test is for.
   */
  static final Duration SERVING_WITHIN = Duration.ofSeconds(40);
  static final Duration STOPPED_WITHIN = Duration.ofSeconds(10);
  /** A log line of the stack's logging configuration ({@code HH:mm:ss.SSS [thread] LEVEL logger - text}). */
  static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[");

  /** What the demo widget sends when its visitor asks for a human (its context: name and page properties). */
  static final String VISITOR_ASKS_FOR_A_HUMAN = """
      {"text": "human please", "context": {"name": "Ada", "pageProperties": {"userAgent": "StackRestartTest",
       "screenRes": "1280x800", "url": "http://localhost/demo/"}}}""";

  private static final Duration START = Duration.ofSeconds(90);
  /** After a kill the router may wait for its previous member's session before it serves. */
  private static final Duration PATIENCE = Duration.ofSeconds(75);
  /** What the visitor says and the agent answers after each restart (after the Ctrl-C, after the kill -9). */
  private static final List<String> VISITOR_SAYS = List.of("still there?", "and now?");
  private static final List<String> AGENT_SAYS = List.of("Yes, Ada.", "Still here, Ada.");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = JSON;
  // Not under the OS's temp directory: Kafka Streams warns about a state directory there, which ./baton up never has.
  private final Path home = Path.of("target", "stack-restart-" + UUID.randomUUID()).toAbsolutePath();

  @AfterEach
  void removeHome() throws Exception {
    if (Files.exists(home)) {
      try (var paths = Files.walk(home)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void servesAndResumesTheSandboxsChatsAfterACleanStopAndAfterACrashAndAStopTakesSeconds() throws Exception {
    long t0 = System.nanoTime();
    Map<String, String> env = new HashMap<>(StackProcess.environment(home));
    // Salesforce ends a chat whose visitor has not polled for 2 minutes; on a loaded machine a kill and restart can
    // take about that long (the test is about resuming, not about that timeout).
    env.put("SANDBOX_LIVEAGENT_SESSION_TIMEOUT_MS", "600000");
    // A restarted connector waits out the poll its previous life left held at Live Agent (a second poll would end the
    // chat): a 5 s hold instead of 30 s, and the connector's wait to match, keep that wait, and the suite, short.
    env.put("SANDBOX_LIVEAGENT_POLL_HOLD_MS", "5000");
    env.put("SANDBOX_LIVEAGENT_CLIENT_POLL_TIMEOUT_S", "10");
    env.put("BATON_SALESFORCE_RESUME_POLL_DELAY_MS", "6000");
    SandboxAddress sandbox = SandboxProcess.local(env);
    try {
      long sandboxPid;
      List<String> setUp;
      String liveAgentChat;
      String kustomerChat;
      StackProcess first = StackProcess.launch(env); // stopped below, not closed: its close stops the sandbox
      try {
        // the first start formats Kafka's storage and creates every topic
        System.out.println("StackRestartTest: first start " + first.awaitUp(START));
        assertQuiet(first);
        sandboxPid = SandboxProcess.identify(sandbox).orElseThrow().pid();
        assertTrue(first.lines().contains("Helpdesk sandbox: started at " + sandbox + " (pid " + sandboxPid
            + ", output in " + home.resolve("sandbox.log") + "); it keeps running when Baton"
            + " stops, with its chats: ./baton down stops it."), first.output());
        liveAgentChat = open(first, "resume-la", "human", "liveagent");
        kustomerChat = open(first, "resume-ku", "human kustomer", "kustomer");
        System.out.printf("StackRestartTest: chats open at %.1f s%n", (System.nanoTime() - t0) / 1e9);
        setUp = setUp(sandbox);
        long stopping = System.nanoTime();
        first.interrupt();
        assertEquals(CtrlC.EXIT_STATUS, first.awaitExit(STOPPED_WITHIN), first.output());
        Duration stop = Duration.ofNanos(System.nanoTime() - stopping);
        assertTrue(first.lines().stream().noneMatch(l -> l.contains("abandoned")), first.output());
        System.out.println("stop after Ctrl-C: " + stop.toMillis() + " ms");
      } finally {
        first.kill(); // if it did not stop by itself
      }
      SandboxIdentity survivor = survivor(sandbox, sandboxPid, "a Ctrl-C");

      StackProcess afterStop = StackProcess.launch(env); // killed below, not closed: its close stops the sandbox
      try {
        resumes(afterStop, "a clean stop", 1, sandbox, survivor, setUp, liveAgentChat, kustomerChat);
      } finally {
        afterStop.kill();
      }
      survivor = survivor(sandbox, sandboxPid, "a kill -9");

      try (StackProcess afterCrash = StackProcess.launch(env)) {
        resumes(afterCrash, "a crash", 2, sandbox, survivor, setUp, liveAgentChat, kustomerChat);
      } // its close stops the sandbox, as ./baton down does
    } finally {
      SandboxProcess.stop(env); // whatever happened
      System.out.printf("StackRestartTest: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
    assertEquals(Optional.empty(), SandboxProcess.identify(sandbox), "./baton down stopped the sandbox");
  }

  /**
   * The stack launched after {@code end} (the {@code restart}th) serves within {@link #SERVING_WITHIN} (quietly after
   * the clean stop), with the sandbox that survived, and both chats go on; the demo's setup made nothing twice.
   */
  private void resumes(StackProcess stack, String end, int restart, SandboxAddress sandbox, SandboxIdentity survivor,
      List<String> setUp, String liveAgentChat, String kustomerChat) throws Exception {
    Duration serving = awaitServing(stack);
    System.out.println("serving after " + end + ": " + serving.toMillis() + " ms");
    if (restart == 1) { // after a crash the broker and Streams may say what they recover
      assertQuiet(stack);
    }
    assertTrue(serving.compareTo(SERVING_WITHIN) <= 0, "served " + serving + " after its launch");
    assertReused(stack, sandbox, survivor);
    long resumed = System.nanoTime();
    goesOn(stack, "resume-la", liveAgentChat, "liveagent", restart);
    System.out.printf("StackRestartTest: Live Agent resumed after %s after %.1f s%n", end,
        (System.nanoTime() - resumed) / 1e9);
    goesOn(stack, "resume-ku", kustomerChat, "kustomer", restart);
    assertEquals(setUp, setUp(sandbox), "the start after " + end + " set up nothing twice");
  }

  /** The sandbox the stack started still runs, the same process, after the stack's end. */
  private static SandboxIdentity survivor(SandboxAddress sandbox, long pid, String end) {
    Optional<SandboxIdentity> survivor = SandboxProcess.identify(sandbox);
    assertEquals(Optional.of(pid), survivor.map(SandboxIdentity::pid), "the sandbox outlives " + end);
    return survivor.get();
  }

  /** A relaunched stack says it uses the sandbox already running. */
  private static void assertReused(StackProcess stack, SandboxAddress sandbox, SandboxIdentity survivor) {
    assertTrue(stack.lines().contains("Helpdesk sandbox: the one already running at " + sandbox + " (pid "
        + survivor.pid() + ", since " + survivor.startedAt() + "), with its chats."), stack.output());
  }

  /** A widget visitor asks the demo bot for that helpdesk; Alex accepts at the sandbox's desk. Gives the chat's id. */
  private String open(StackProcess stack, String conversation, String ask, String platform) throws Exception {
    try (SseClient widget = widget(stack, conversation)) {
      post(stack, conversation, "{\"text\": \"hello\", \"context\": {\"name\": \"Ada\", \"pageProperties\":"
          + " {\"userAgent\": \"Mozilla/5.0 (Test)\", \"screenRes\": \"1920x1080\"}}}");
      Eventually.until(PATIENCE, "the bot's greeting", () -> widget.frames().size() == 2);
      post(stack, conversation, "{\"text\": \"" + ask + "\"}");
      String chat = awaitChat(stack, platform, null);
      assertEquals(200, desk(stack, platform, chat, "accept", "{\"agentName\": \"Alex\"}").statusCode());
      Eventually.until(PATIENCE, "Alex joined", () -> types(widget).contains("agent.joined"));
      return chat;
    }
  }

  /**
   * After the {@code restart}th restart: the visitor's next message reaches the agent once, the agent's reply reaches
   * the widget, and the widget's conversation holds every earlier exchange once.
   */
  private void goesOn(StackProcess stack, String conversation, String known, String platform, int restart)
      throws Exception {
    String chat = awaitChat(stack, platform, known);
    String says = VISITOR_SAYS.get(restart - 1);
    String answers = AGENT_SAYS.get(restart - 1);
    try (SseClient widget = widget(stack, conversation)) {
      post(stack, conversation, "{\"text\": \"" + says + "\"}");
      Eventually.until(PATIENCE, "the visitor's message at " + platform,
          () -> transcript(stack, platform, chat).contains(says));
      assertEquals(200, desk(stack, platform, chat, "messages", "{\"text\": \"" + answers + "\"}").statusCode());
      Eventually.until(PATIENCE, "the agent's reply in the widget",
          () -> types(widget).stream().filter("agent.message"::equals).count() == restart);
      List<String> expected = new ArrayList<>(List.of("visitor.message", "bot.message", "visitor.message",
          "bot.message", "handover.started", "chat.queued", "agent.joined"));
      for (int i = 0; i < restart; i++) {
        expected.addAll(List.of("visitor.message", "agent.message"));
      }
      assertEquals(expected, types(widget));
      for (int i = 0; i < restart; i++) {
        assertEquals(VISITOR_SAYS.get(i), widget.frames().get(7 + 2 * i).data().path("text").asText());
        assertEquals(AGENT_SAYS.get(i), widget.frames().get(8 + 2 * i).data().path("text").asText());
        String said = VISITOR_SAYS.get(i);
        assertEquals(1, transcript(stack, platform, chat).stream().filter(said::equals).count());
      }
      assertFalse(widget.frames().stream().anyMatch(f -> f.data().toString().contains("session expired")));
    }
  }

  /**
   * The demo widget's flow on a new conversation: a widget token from the dev endpoint, the event stream, the visitor
   * asks for a human; done when the widget shows the chat queued at the helpdesk (Salesforce, the sandbox's). Gives
   * the time from the stack's launch.
   */
  private Duration awaitServing(StackProcess stack) throws Exception {
    stack.awaitUp(SERVING_WITHIN.multipliedBy(3)); // the bound is asserted on serving, with a telling message
    String conversation = "restart-" + UUID.randomUUID();
    HttpResponse<String> minted = http.send(HttpRequest.newBuilder(URI.create(stack.ingressUrl()
        + "/dev/widget-tokens/" + conversation)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, minted.statusCode(), minted.body());
    String token = json.readTree(minted.body()).get("token").asText();
    try (SseClient widget = new SseClient(stack.ingressUrl() + "/v1/conversations/" + conversation
        + "/events?access_token=" + token, null)) {
      assertEquals(200, widget.status());
      HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(stack.ingressUrl()
          + "/v1/conversations/" + conversation + "/messages")).header("Content-Type", "application/json")
          .header("Authorization", "Bearer " + token)
          .POST(HttpRequest.BodyPublishers.ofString(VISITOR_ASKS_FOR_A_HUMAN)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(202, sent.statusCode(), sent.body());
      Eventually.until(SERVING_WITHIN.multipliedBy(3), "the visitor queued at the helpdesk; the stack's output:\n"
          + stack.output(), () -> widget.frames().stream().anyMatch(f -> f.event().equals("chat.queued")));
      return stack.sinceLaunch();
    }
  }

  /**
   * What the in-process broker says when the machine starves it (a loaded CI runner): its controller's event queue
   * overloaded, so a heartbeat of its own broker timed out. That reports the machine, not Baton; a person whose laptop
   * is that busy sees it too, and should.
   */
  static final List<Pattern> STARVED_BROKER = List.of(
      Pattern.compile("ERROR o\\.a\\.k\\.c\\.ReplicationControlManager - .*controller event queue overloaded"),
      Pattern.compile("WARN  o\\.a\\.k\\.server\\.BrokerLifecycleManager - .*sent a heartbeat request but received"
          + " error REQUEST_TIMED_OUT"));

  /**
   * Up to the banner, nothing was logged: no warning, no error, no stack trace, not even an information (but a
   * starved broker's heartbeat lines, {@link #STARVED_BROKER}).
   */
  private static void assertQuiet(StackProcess stack) {
    List<String> lines = stack.lines();
    List<String> logged = lines.stream()
        .filter(l -> LOG_LINE.matcher(l).find() || l.startsWith("\tat ") || l.contains("Exception"))
        .filter(l -> STARVED_BROKER.stream().noneMatch(p -> p.matcher(l).find())).toList();
    assertEquals(List.of(), logged, "a healthy start prints the banner only; it printed:\n" + stack.output());
  }

  /** What the demo's setup made at the sandbox: webhooks, integrations, agents, switchboard members. */
  private List<String> setUp(SandboxAddress sandbox) {
    List<String> made = new ArrayList<>();
    get(sandbox.kustomerUrl() + "/v1/outbound-webhooks", "Bearer kustomer-sandbox-api-key").path("data")
        .forEach(w -> made.add("kustomer webhook " + w.path("attributes").path("url").asText()));
    get(sandbox.gorgiasUrl() + "/integrations", basic("api@baton-sandbox.example", "gorgias-sandbox-api-key"))
        .path("data").forEach(i -> made.add("gorgias integration " + i.path("name").asText()));
    get(sandbox.freshchatUrl() + "/agents", "Bearer freshchat-sandbox-token").path("agents")
        .forEach(
            a -> made.add("freshchat agent " + a.path("first_name").asText() + " " + a.path("last_name").asText()));
    String app = sandbox.zendeskUrl() + "/sc/v2/apps/" + SuncoSimulator.APP_ID;
    String sunco = basic(SuncoSimulator.KEY_ID, SuncoSimulator.KEY_SECRET);
    get(app + "/integrations", sunco).path("integrations")
        .forEach(i -> made.add("sunco integration " + i.path("displayName").asText()));
    get(app + "/switchboards/" + SuncoSimulator.SWITCHBOARD_ID + "/switchboardIntegrations", sunco)
        .path("switchboardIntegrations").forEach(m -> made.add("switchboard member " + m.path("name").asText()));
    assertTrue(made.contains("freshchat agent Baton Bot") && made.contains("gorgias integration baton-gorgias")
        && made.contains("switchboard member baton-bot"), made.toString());
    return made;
  }

  /** The first chat of {@code platform} at the sandbox's desk, or the one with {@code known} as its id. */
  private String awaitChat(StackProcess stack, String platform, String known) {
    String[] id = new String[1];
    Eventually.until(PATIENCE, "a " + platform + " chat " + (known == null ? "" : known + " ") + "at the sandbox",
        () -> {
          for (JsonNode chat : get(stack.sandboxUrl() + "/sandbox/desk/chats", null)) {
            if (platform.equals(chat.path("platform").asText())
                && (known == null || known.equals(chat.path("id").asText()))) {
              id[0] = chat.path("id").asText();
              return true;
            }
          }
          return false;
        });
    return id[0];
  }

  private List<String> transcript(StackProcess stack, String platform, String chat) {
    List<String> lines = new ArrayList<>();
    get(stack.sandboxUrl() + "/sandbox/desk/" + platform + "/chats/" + chat, null).path("transcript")
        .forEach(l -> lines.add(l.path("text").asText()));
    return lines;
  }

  private static List<String> types(SseClient widget) {
    return widget.frames().stream().map(SseClient.Frame::event).toList();
  }

  private SseClient widget(StackProcess stack, String conversation) throws Exception {
    HttpResponse<String> minted = http.send(HttpRequest.newBuilder(URI.create(stack.ingressUrl()
        + "/dev/widget-tokens/" + conversation)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, minted.statusCode(), minted.body());
    return new SseClient(stack.ingressUrl() + "/v1/conversations/" + conversation + "/events?access_token="
        + JSON.readTree(minted.body()).get("token").asText(), null);
  }

  private void post(StackProcess stack, String conversation, String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.ingressUrl() + "/v1/conversations/"
        + conversation + "/messages")).header("Authorization", "Bearer " + LocalStack.DEV_BOT_KEY)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(202, r.statusCode(), r.body());
  }

  private HttpResponse<String> desk(StackProcess stack, String platform, String chat, String action, String body)
      throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(stack.sandboxUrl() + "/sandbox/desk/" + platform + "/chats/"
        + chat + "/" + action)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String url, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), url + ": " + r.body());
      return JSON.readTree(r.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
