package io.baton.sandbox.miaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MIAW's token expiry and continuation tokens, its documented rate limits, the entries and the replay fault. */
class MiawTokensAndLimitsTest {
  static final String API = "/iamessage/api/v2";

  @BeforeEach
  void start() {
    MiawApiTest.sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0));
  }

  @AfterEach
  void stop() {
    MiawApiTest.sandbox.close();
  }

  static MiawSimulator miaw() {
    return MiawApiTest.sandbox.miaw();
  }

  static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
    return MiawApiTest.send(method, path, token, body);
  }

  static String conversation(String token) throws Exception {
    String id = UUID.randomUUID().toString();
    HttpResponse<String> created = send("POST", API + "/conversation", token,
        "{\"conversationId\":\"" + id + "\",\"esDeveloperName\":\"Web_Chat\"}");
    assertEquals(201, created.statusCode(), created.body());
    return id;
  }

  static HttpResponse<String> message(String token, String id, String messageId, String text) throws Exception {
    return send("POST", API + "/conversation/" + id + "/message", token, "{\"message\":{\"id\":\"" + messageId
        + "\",\"messageType\":\"StaticContentMessage\",\"staticContent\":{\"formatType\":\"Text\",\"text\":\"" + text
        + "\"}},\"esDeveloperName\":\"Web_Chat\"}");
  }

  @Test
  void anExpiredTokenIsRefusedAndAContinuationTokenCarriesTheConversationOn() throws Exception {
    miaw().tokenLifetime(Duration.ofMillis(1500));
    String token = MiawApiTest.token();
    String id = conversation(token);
    HttpResponse<String> renewed = send("GET", API + "/authorization/continuation-access-token", token, null);
    assertEquals(200, renewed.statusCode(), renewed.body());
    String next = MiawSimulator.read(renewed.body()).path("accessToken").asText();
    assertNotEquals(token, next);
    assertEquals(202, message(next, id, "m-1", "with the new token").statusCode(), "the same visitor");
    assertEquals(202, message(token, id, "m-2", "the old one is still valid").statusCode());
    Thread.sleep(1600);
    HttpResponse<String> refused = message(token, id, "m-3", "too late");
    assertEquals(401, refused.statusCode(), refused.body());
    assertEquals(401, send("GET", API + "/authorization/continuation-access-token", token, null).statusCode(),
        "an expired token cannot be continued");
    assertEquals(List.of(new MiawSimulator.Line("visitor", "with the new token"),
        new MiawSimulator.Line("visitor", "the old one is still valid")),
        miaw().conversation(id).orElseThrow().transcript());
  }

  @Test
  void inboundMessagesOverTheDocumentedLimitGet429WithRetryAfter() throws Exception {
    String token = MiawApiTest.token();
    String id = conversation(token);
    miaw().accept(id, "Alex");
    for (int i = 0; i < 22; i++) {
      assertEquals(202, message(token, id, "m-" + i, "hi " + i).statusCode(), "message " + i);
    }
    HttpResponse<String> refused = message(token, id, "m-22", "one too many");
    assertEquals(429, refused.statusCode(), refused.body());
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    assertEquals(429, MiawSimulator.read(refused.body()).path("status").asInt());
    assertEquals(22, miaw().conversation(id).orElseThrow().transcript().size(), "the refused one changed nothing");
    assertEquals(1, miaw().rateLimits().refusedCount(MiawRateLimits.Kind.MESSAGE));
  }

  @Test
  void tokensRenewalsAndStartsHaveTheirLimitsToo() throws Exception {
    miaw().rateLimits().limit(MiawRateLimits.Kind.ACCESS_TOKEN, 2, Duration.ofSeconds(1));
    String token = MiawApiTest.token();
    MiawApiTest.token();
    HttpResponse<String> third = send("POST", API + "/authorization/unauthenticated/access-token", null,
        "{\"orgId\":\"00D\",\"esDeveloperName\":\"Web_Chat\",\"capabilitiesVersion\":\"1\",\"platform\":\"Web\"}");
    assertEquals(429, third.statusCode(), "per org");
    assertTrue(third.headers().firstValue("Retry-After").isPresent());
    Thread.sleep(1000);
    MiawApiTest.token(); // the window moved on

    miaw().rateLimits().limit(MiawRateLimits.Kind.CONTINUATION, 2, Duration.ofMinutes(1));
    assertEquals(200, send("GET", API + "/authorization/continuation-access-token", token, null).statusCode());
    assertEquals(200, send("GET", API + "/authorization/continuation-access-token", token, null).statusCode());
    assertEquals(429, send("GET", API + "/authorization/continuation-access-token", token, null).statusCode());

    for (int i = 0; i < 3; i++) {
      conversation(token);
    }
    assertEquals(429, send("POST", API + "/conversation", token, "{\"conversationId\":\"" + UUID.randomUUID()
        + "\",\"esDeveloperName\":\"Web_Chat\"}").statusCode(), "3 starts per page per 30 s");
  }

  @Test
  void entriesListTheConversationAndStreamsCanBeMadeToIgnoreLastEventId() throws Exception {
    String token = MiawApiTest.token();
    String id = conversation(token);
    miaw().accept(id, "Alex");
    assertEquals(202, message(token, id, "m-1", "hello").statusCode());
    miaw().agentSays(id, "hi there");
    miaw().transfer(id, "Bea");
    HttpResponse<String> listed = send("GET", API + "/conversation/" + id + "/entries?direction=FromStart", token,
        null);
    assertEquals(200, listed.statusCode(), listed.body());
    List<String> entries = new ArrayList<>();
    for (JsonNode e : MiawSimulator.read(listed.body()).path("conversationEntries")) {
      entries.add(e.path("entryType").asText() + "/" + e.path("sender").path("role").asText());
      assertTrue(e.path("identifier").isTextual() && e.path("transcriptedTimestamp").isNumber(), e.toString());
    }
    assertEquals(List.of("ParticipantChanged/System", "Message/EndUser", "Message/Agent", "ParticipantChanged/System"),
        entries);
    JsonNode newest = MiawSimulator.read(send("GET", API + "/conversation/" + id + "/entries?limit=1", token, null)
        .body()).path("conversationEntries");
    assertEquals(1, newest.size(), "by default the newest first");
    assertEquals(List.of("remove", "add"), List.of(
        MiawSimulator.read(newest.get(0).path("entryPayload").asText()).path("entries").get(0).path("operation")
            .asText(),
        MiawSimulator.read(newest.get(0).path("entryPayload").asText()).path("entries").get(1).path("operation")
            .asText()));
    assertEquals("Bea", miaw().conversation(id).orElseThrow().agentName());

    miaw().ignoreLastEventId(true);
    MiawApiTest.Stream1 stream = new MiawApiTest.Stream1(token, "0");
    Thread.sleep(300);
    miaw().agentSays(id, "only this");
    stream.await(1);
    Thread.sleep(200);
    assertEquals(1, stream.events.size(), stream.events.toString());
    assertTrue(stream.events.get(0).contains("only this"), stream.events.get(0));
  }
}
