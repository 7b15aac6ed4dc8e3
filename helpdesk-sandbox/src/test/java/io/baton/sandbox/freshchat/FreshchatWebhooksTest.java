package io.baton.sandbox.freshchat;

import io.baton.sandbox.InPageQuestion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.testkit.HeadlessChromium;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.DeskLine;
import io.baton.sandbox.kit.DeskStatus;
import io.baton.sandbox.kit.WebhookReceiver;
import io.baton.sandbox.kit.WebhookSender;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The account's webhook: signatures, the three message_create shapes, retries, and what the desk's actions send,
 * also from the console's page.
 */
@ExtendWith(FreshchatFixture.Shared.class)
class FreshchatWebhooksTest {
  private static FreshchatFixture f;
  private static WebhookReceiver hooks;

  @BeforeAll
  static void fixture(FreshchatFixture fixture) {
    f = fixture;
    hooks = fixture.hooks;
  }

  @AfterEach
  void currentShape() {
    f.fc.payloadVariant(PayloadVariant.CURRENT);
  }

  private static Predicate<JsonNode> about(String conversationId, String action) {
    return body -> body.path("action").asText().equals(action) && body.toString().contains(conversationId);
  }

  @Test
  void aDeliveryIsSignedWithTheAccountKeyThatTheAdminPageShows() throws Exception {
    String user = f.user("sig-ref", "sig@example.com", "Sig");
    String conv = f.conversation(user);
    FreshchatFixture.Answer posted = f.call("POST", "/conversations/" + conv + "/messages",
        FreshchatFixture.text("user", user, "hello"));
    WebhookReceiver.Post post = hooks.next(about(conv, "message_create"));

    String pem = f.sandboxCall("GET", "/sandbox/freshchat/public-key", null).raw().body();
    assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----\n"), pem);
    assertEquals(pem, f.sandboxCall("GET", "/sandbox/freshchat/webhook", null).body().get("publicKey").asText());
    PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(
        pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", ""))));
    assertTrue(verify(key, post.raw(), post.header("X-Freshchat-Signature")));
    assertFalse(verify(key, post.raw().replace("hello", "hellO"), post.header("X-Freshchat-Signature")));
    assertTrue(verify(key, "{\"by\":\"hand\"}", f.fc.signature("{\"by\":\"hand\"}")));
    assertEquals("2", post.header("X-Freshchat-Payload-Version"));
    assertEquals("0", post.header("X-Retry-Count"));

    JsonNode body = post.body();
    assertEquals(Set.of("actor", "action", "action_time", "data"), fields(body));
    assertEquals("user", body.at("/actor/actor_type").asText());
    assertEquals(user, body.at("/actor/actor_id").asText());
    JsonNode m = body.at("/data/message");
    assertEquals(Set.of("id", "created_time", "conversation_id", "channel_id", "app_id", "user_id", "actor_type",
        "actor_id", "message_type", "message_parts"), fields(m));
    assertEquals(posted.body().get("id").asText(), m.get("id").asText());
    assertEquals(conv, m.get("conversation_id").asText());
    assertEquals(f.fc.channelId(), m.get("channel_id").asText());
    assertEquals(f.fc.appId(), m.get("app_id").asText());
    assertEquals(user, m.get("user_id").asText());
    assertEquals("normal", m.get("message_type").asText());
    assertEquals("[{\"text\":{\"content\":\"hello\"}}]", m.get("message_parts").toString());
    assertEquals(m.get("created_time").asText(), body.get("action_time").asText());
  }

  private static boolean verify(PublicKey key, String body, String signature) throws Exception {
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(key);
    rsa.update(body.getBytes(StandardCharsets.UTF_8));
    return rsa.verify(Base64.getDecoder().decode(signature));
  }

  private static Set<String> fields(JsonNode node) {
    Set<String> names = new java.util.HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void eachPayloadVariantHasItsShape() throws Exception {
    String user = f.user("variant-ref", null, "Vera");
    String conv = f.conversation(user);
    AgentDesk desk = f.sandbox.desk("freshchat");
    desk.accept(conv, "Alex");

    f.fc.payloadVariant(PayloadVariant.LEGACY_2018);
    f.fc.privateNote(conv, "legacy note");
    desk.say(conv, "legacy reply");
    JsonNode legacy = hooks.next(about(conv, "message_create")).body().at("/data/message");
    assertEquals(Set.of("id", "created_time", "conversation_id", "channel_id", "app_id", "user_id", "actor_type",
        "actor_id", "msg_parts"), fields(legacy), "the note is not sent in the 2018 shape: the reply comes first");
    assertEquals("[{\"part_type\":\"text\",\"properties\":{\"text\":\"legacy reply\"}}]",
        legacy.get("msg_parts").toString());
    assertEquals("agent", legacy.get("actor_type").asText());

    f.fc.payloadVariant(PayloadVariant.V2022);
    f.fc.privateNote(conv, "new note");
    JsonNode note = hooks.next(about(conv, "message_create")).body().at("/data/message");
    assertEquals(Set.of("id", "created_time", "conversation_id", "channel_id", "app_id", "user_id", "actor_type",
        "actor_id", "message_parts", "restrictResponse", "botsPrivateNote", "interaction_id"), fields(note));
    assertTrue(note.get("botsPrivateNote").asBoolean());
    assertFalse(note.get("restrictResponse").asBoolean());
    assertEquals("[{\"text\":{\"content\":\"new note\"}}]", note.get("message_parts").toString());
    desk.say(conv, "2022 reply");
    assertFalse(hooks.next(about(conv, "message_create")).body().at("/data/message/botsPrivateNote").asBoolean());

    assertEquals(400, f.sandboxCall("PUT", "/sandbox/freshchat/webhook", Map.of("payloadVariant", "2019")).status());
    assertEquals(PayloadVariant.V2022, f.fc.payloadVariant());
    assertEquals("legacy2018", f.sandboxCall("PUT", "/sandbox/freshchat/webhook",
        Map.of("payloadVariant", "legacy2018")).body().get("payloadVariant").asText());
    assertEquals(PayloadVariant.LEGACY_2018, f.fc.payloadVariant());
  }

  @Test
  void failedTriesAreRetriedByTheScheduleCountingThenGivenUp() throws Exception {
    String user = f.user("retry-ref", null, "Rita");
    String conv = f.conversation(user);
    f.fc.userWrites(conv, "drained");
    hooks.next(about(conv, "message_create")); // what other tests sent is out: the failures below are this test's
    hooks.answer(500, 503);
    f.fc.userWrites(conv, "retried");
    WebhookReceiver.Post third = hooks.next(about(conv, "message_create"));
    assertEquals("2", third.header("X-Retry-Count"));
    List<WebhookReceiver.Post> tries = hooks.posts().stream().filter(p -> p.raw().contains("retried")).toList();
    assertEquals(List.of("0", "1", "2"), tries.stream().map(p -> p.header("X-Retry-Count")).toList());
    assertEquals(List.of(500, 503, 200), tries.stream().map(WebhookReceiver.Post::answered).toList());
    assertEquals(1, tries.stream().map(WebhookReceiver.Post::raw).distinct().count(), "the same body each time");

    hooks.answer(500, 500, 500, 500);
    f.fc.userWrites(conv, "given up");
    f.fc.userWrites(conv, "after it");
    hooks.next(about(conv, "message_create")); // the next event goes out once the failing one is given up
    List<WebhookSender.Delivery> givenUp = f.fc.deliveries().stream().filter(d -> d.body().contains("given up"))
        .toList();
    assertEquals(List.of("0", "1", "2", "3"), givenUp.stream().map(d -> d.headers().get("X-Retry-Count")).toList());
    assertTrue(givenUp.stream().allMatch(d -> d.status() == 500));
  }

  @Test
  void theDeskActionsSendExactlyTheirWebhooks() throws Exception {
    String user = f.user("desk-ref", "desk@example.com", "Dana");
    String conv = f.conversation(user);
    f.call("PUT", "/conversations/" + conv, Map.of("assigned_group_id", f.fc.group("Billing")));
    JsonNode toGroup = hooks.next(about(conv, "conversation_assignment")).body();
    assertEquals("system", toGroup.at("/actor/actor_type").asText());
    assertEquals(f.fc.group("Billing"), toGroup.at("/data/assignment/to_group_id").asText());
    assertTrue(toGroup.at("/data/assignment/to_agent_id").isNull());
    AgentDesk desk = f.sandbox.desk("freshchat");
    String alex = f.fc.agentId("Alex").orElseThrow();
    String sam = f.fc.agentId("Sam").orElseThrow();

    DeskChat queued = desk.chat(conv).orElseThrow();
    assertEquals(DeskStatus.QUEUED, queued.status());
    assertEquals("Dana", queued.visitorName());
    assertEquals(Map.of("Name", "Dana", "Email", "desk@example.com", "Reference id", "desk-ref", "Group", "Billing",
        "Channel", "Support", "baton_conversation", "b-1"), queued.context());
    assertEquals(List.of(DeskLine.VISITOR + ":I need a human", DeskLine.BOT + ":Connecting you"),
        queued.transcript().stream().map(l -> l.from() + ":" + l.text()).toList());

    desk.accept(conv, "Alex");
    JsonNode accepted = hooks.next(about(conv, "conversation_assignment")).body();
    assertEquals("agent", accepted.at("/actor/actor_type").asText());
    assertEquals(alex, accepted.at("/actor/actor_id").asText());
    JsonNode a = accepted.at("/data/assignment");
    assertEquals("agent", a.get("assignor").asText());
    assertEquals(alex, a.get("assignor_id").asText());
    assertEquals(alex, a.get("to_agent_id").asText());
    assertTrue(a.get("from_agent_id").isNull());
    assertEquals(f.fc.group("Billing"), a.get("to_group_id").asText());
    assertEquals(f.fc.group("Billing"), a.get("from_group_id").asText());
    assertEquals("assigned", a.at("/conversation/status").asText());
    assertEquals(conv, a.at("/conversation/conversation_id").asText());

    desk.say(conv, "Hi, Alex here");
    JsonNode said = hooks.next(about(conv, "message_create")).body();
    assertEquals("agent", said.at("/actor/actor_type").asText());
    assertEquals(alex, said.at("/data/message/actor_id").asText());
    assertEquals("normal", said.at("/data/message/message_type").asText());
    assertEquals("Hi, Alex here", said.at("/data/message/message_parts/0/text/content").asText());

    f.fc.privateNote(conv, "VIP customer");
    assertEquals("private", hooks.next(about(conv, "message_create")).body().at("/data/message/message_type")
        .asText());

    desk.transfer(conv, "Sam");
    JsonNode moved = hooks.next(about(conv, "conversation_assignment")).body().at("/data/assignment");
    assertEquals(alex, moved.get("assignor_id").asText());
    assertEquals(alex, moved.get("from_agent_id").asText());
    assertEquals(sam, moved.get("to_agent_id").asText());

    desk.end(conv);
    JsonNode resolved = hooks.next(about(conv, "conversation_resolution")).body();
    assertEquals(sam, resolved.at("/actor/actor_id").asText());
    assertEquals("agent", resolved.at("/data/resolve/resolver").asText());
    assertEquals(sam, resolved.at("/data/resolve/resolver_id").asText());
    assertEquals("resolved", resolved.at("/data/resolve/conversation/status").asText());

    DeskChat ended = desk.chat(conv).orElseThrow();
    assertEquals(DeskStatus.ENDED, ended.status());
    assertEquals(List.of("visitor:I need a human", "bot:Connecting you", "agent:Hi, Alex here",
        "system:[private note] VIP customer"),
        ended.transcript().stream().map(l -> l.from() + ":" + l.text())
            .toList());
    assertEquals(409, refusal(() -> desk.say(conv, "too late")));
    assertEquals(400, refusal(() -> desk.typing(conv, true)));
    assertEquals(400, refusal(() -> desk.leave(conv)));

    f.call("PUT", "/conversations/" + conv, Map.of("status", "reopened"));
    JsonNode reopened = hooks.next(about(conv, "conversation_reopen")).body();
    assertEquals("system", reopened.at("/data/reopen/reopener").asText());
    assertEquals("reopened", reopened.at("/data/reopen/conversation/status").asText());
    assertEquals(DeskStatus.ACTIVE, desk.chat(conv).orElseThrow().status(), "Sam still has it");
    assertEquals(sam, f.fc.conversation(conv).orElseThrow().assignedAgentId());
  }

  @Test
  void theConsoleShowsAndAnswersAFreshchatChat() throws Exception {
    String user = f.user("console-ref", "cleo@example.com", "Cleo");
    String conv = f.conversation(user);
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      WebDriver browser = chromium.browser();
      browser.get(f.sandbox.baseUrl() + "/console/");
      By row = By.cssSelector("#chats li.chat-item[data-platform='freshchat'][data-chat-id='" + conv + "']");
      HeadlessChromium.waitFor("the chat listed as waiting", () -> !browser.findElements(row).isEmpty()
          && "QUEUED".equals(browser.findElement(row).getDomAttribute("data-status")));
      assertEquals("Freshchat", browser.findElement(row).findElement(By.cssSelector(".badge.platform")).getText());
      browser.findElement(row).click();
      WebElement view = browser.findElement(By.id("conversation"));
      HeadlessChromium.waitFor("its context", () -> browser.findElement(By.id("context")).getText()
          .contains("console-ref"));
      String context = browser.findElement(By.id("context")).getText();
      assertTrue(context.contains("cleo@example.com") && context.contains("baton_conversation"), context);
      assertEquals(List.of("I need a human", "Connecting you"), browser.findElements(By.cssSelector(
          "#transcript li.line .text")).stream().map(WebElement::getText).toList());
      assertFalse(view.findElement(By.cssSelector(".freshchat-note")).isEnabled(), "no note before accepting");
      assertFalse(view.findElement(By.cssSelector(".leave")).isDisplayed());

      view.findElement(By.cssSelector(".accept")).click();
      HeadlessChromium.waitFor("the chat active", () -> "ACTIVE".equals(view.getDomAttribute("data-status")));
      assertEquals(f.fc.agentId("Alex").orElseThrow(), hooks.next(about(conv, "conversation_assignment")).body()
          .at("/data/assignment/to_agent_id").asText());
      WebElement reply = browser.findElement(By.id("reply-text"));
      HeadlessChromium.waitFor("the reply box enabled", reply::isEnabled);
      reply.sendKeys("Hello Cleo", Keys.ENTER);
      assertEquals("Hello Cleo", hooks.next(about(conv, "message_create")).body()
          .at("/data/message/message_parts/0/text/content").asText());
      view.findElement(By.cssSelector(".freshchat-note")).click();
      InPageQuestion.answer(browser, "checked her order");
      JsonNode note = hooks.next(about(conv, "message_create")).body().at("/data/message");
      assertEquals("private", note.get("message_type").asText());
      HeadlessChromium.waitFor("the note in the transcript", () -> browser.findElements(By.cssSelector(
          "#transcript li.from-system .text")).stream().anyMatch(e -> e.getText().contains("checked her order")));
      view.findElement(By.cssSelector(".end")).click();
      assertEquals("resolved", hooks.next(about(conv, "conversation_resolution")).body()
          .at("/data/resolve/conversation/status").asText());
      HeadlessChromium.waitFor("the chat ended", () -> "ENDED".equals(view.getDomAttribute("data-status")));
    }
  }

  private static int refusal(Runnable action) {
    try {
      action.run();
      return 0;
    } catch (DeskException e) {
      return e.status();
    }
  }
}
