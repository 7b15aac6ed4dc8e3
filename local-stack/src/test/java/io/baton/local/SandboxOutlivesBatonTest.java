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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The helpdesk sandbox plays an outside helpdesk: {@code ./baton up} starts it as a process of its own, a kill -9 of
 * the stack leaves it (and its chats) running, the restarted stack uses it again without setting anything up twice,
 * and chats that were open with an agent go on both ways, nothing lost or doubled: Live Agent (long-polled, the
 * demo's "human") and Kustomer (webhooks).
 */
class SandboxOutlivesBatonTest {
  private static final Duration START = Duration.ofSeconds(90);
  /** After a kill the router may wait for its previous member's session before it serves. */
  private static final Duration PATIENCE = Duration.ofSeconds(75);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path home;

  @Test
  void aKilledStackResumesTheChatsOfTheSandboxThatOutlivedIt() throws Exception {
    long t0 = System.nanoTime();
    Map<String, String> env = new HashMap<>(StackProcess.environment(home));
    // Salesforce ends a chat whose visitor has not polled for 2 minutes; on a loaded machine a kill and restart can
    // take about that long (the test is about resuming, not about that timeout).
    env.put("SANDBOX_LIVEAGENT_SESSION_TIMEOUT_MS", "600000");
    SandboxAddress sandbox = SandboxProcess.local(env);
    try {
      long sandboxPid;
      List<String> setUp;
      StackProcess first = StackProcess.launch(env); // killed below, not closed: its close stops the sandbox
      try {
        System.out.println("SandboxOutlivesBatonTest: first start " + first.awaitUp(START));
        sandboxPid = SandboxProcess.identify(sandbox).orElseThrow().pid();
        assertTrue(first.lines().contains("Helpdesk sandbox: started at " + sandbox + " (pid " + sandboxPid
            + ", output in " + home.toAbsolutePath().resolve("sandbox.log") + "); it keeps running when Baton"
            + " stops, with its chats: ./baton down stops it."), first.output());
        open(first, "resume-la", "human", "liveagent");
        open(first, "resume-ku", "human kustomer", "kustomer");
        System.out.printf("SandboxOutlivesBatonTest: chats open at %.1f s%n", (System.nanoTime() - t0) / 1e9);
        setUp = setUp(sandbox);
      } finally {
        first.kill();
      }
      Optional<SandboxIdentity> survivor = SandboxProcess.identify(sandbox);
      assertEquals(Optional.of(sandboxPid), survivor.map(SandboxIdentity::pid), "the sandbox outlives a kill -9");

      try (StackProcess second = StackProcess.launch(env)) {
        System.out.println("SandboxOutlivesBatonTest: restart " + second.awaitUp(START));
        assertTrue(second.lines().contains("Helpdesk sandbox: the one already running at " + sandbox + " (pid "
            + sandboxPid + ", since " + survivor.get().startedAt() + "), with its chats."), second.output());
        long resumed = System.nanoTime();
        goesOn(second, "resume-la", "liveagent");
        System.out.printf("SandboxOutlivesBatonTest: Live Agent resumed after %.1f s%n",
            (System.nanoTime() - resumed) / 1e9);
        goesOn(second, "resume-ku", "kustomer");
        assertEquals(setUp, setUp(sandbox), "the second start set up nothing twice");
      } // its close stops the sandbox, as ./baton down does
    } finally {
      SandboxProcess.stop(env); // whatever happened
      System.out.printf("SandboxOutlivesBatonTest: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
    assertEquals(Optional.empty(), SandboxProcess.identify(sandbox), "./baton down stopped the sandbox");
  }

  /** A widget visitor asks the demo bot for that helpdesk; Alex accepts at the sandbox's desk. */
  private void open(StackProcess stack, String conversation, String ask, String platform) throws Exception {
    try (SseClient widget = widget(stack, conversation)) {
      post(stack, conversation, "{\"text\": \"hello\", \"context\": {\"name\": \"Ada\", \"pageProperties\":"
          + " {\"userAgent\": \"Mozilla/5.0 (Test)\", \"screenRes\": \"1920x1080\"}}}");
      Eventually.until(PATIENCE, "the bot's greeting", () -> widget.frames().size() == 2);
      post(stack, conversation, "{\"text\": \"" + ask + "\"}");
      String chat = awaitChat(stack, platform);
      assertEquals(200, desk(stack, platform, chat, "accept", "{\"agentName\": \"Alex\"}").statusCode());
      Eventually.until(PATIENCE, "Alex joined", () -> types(widget).contains("agent.joined"));
    }
  }

  /** After the restart: the visitor's next message reaches the agent once, the agent's reply reaches the widget. */
  private void goesOn(StackProcess stack, String conversation, String platform) throws Exception {
    String chat = awaitChat(stack, platform);
    try (SseClient widget = widget(stack, conversation)) {
      post(stack, conversation, "{\"text\": \"still there?\"}");
      Eventually.until(PATIENCE, "the visitor's message at " + platform,
          () -> transcript(stack, platform, chat).contains("still there?"));
      assertEquals(200, desk(stack, platform, chat, "messages", "{\"text\": \"Yes, Ada.\"}").statusCode());
      Eventually.until(PATIENCE, "the agent's reply in the widget", () -> types(widget).contains("agent.message"));
      assertEquals(List.of("visitor.message", "bot.message", "visitor.message", "bot.message", "handover.started",
          "chat.queued", "agent.joined", "visitor.message", "agent.message"), types(widget));
      assertEquals("still there?", widget.frames().get(7).data().path("text").asText());
      assertEquals("Yes, Ada.", widget.frames().get(8).data().path("text").asText());
      assertEquals(1, transcript(stack, platform, chat).stream().filter("still there?"::equals).count());
      assertFalse(widget.frames().stream().anyMatch(f -> f.data().toString().contains("session expired")));
    }
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

  private String awaitChat(StackProcess stack, String platform) {
    String[] id = new String[1];
    Eventually.until(PATIENCE, "a " + platform + " chat at the sandbox", () -> {
      for (JsonNode chat : get(stack.sandboxUrl() + "/sandbox/desk/chats", null)) {
        if (platform.equals(chat.path("platform").asText())) {
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
