package io.baton.sandbox.kustomer;

import static io.baton.sandbox.kustomer.KustomerFixture.data;
import static io.baton.sandbox.kustomer.KustomerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.testkit.HeadlessChromium;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.DeskStatus;
import io.baton.sandbox.kit.WebhookReceiver;
import io.baton.sandbox.kit.WebhookSender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhook deliveries: the desk's actions and the API's messages fire exactly the contract's events, signed with the
 * webhook's token; failed POSTs retried on the schedule, a webhook failing every try disabled; the scrambled mode.
 */
class KustomerWebhookTest {
  @RegisterExtension
  static final KustomerFixture f = new KustomerFixture();
  static final JsonNode webhook = f.subscribe("kustomer.message.create", "kustomer.conversation.update",
      "kustomer.conversation.typing", "kustomer.customer.create", "kustomer.customer.update");
  static final String token = webhook.path("attributes").path("token").asText();
  static final AgentDesk desk = f.sandbox.desk("kustomer");

  /** The next POST about this conversation, its signature checked by an independent HMAC. */
  static JsonNode next(String conversationId) throws InterruptedException {
    WebhookReceiver.Post post = f.hooks.next(b -> conversationId.equals(b.path("data").path("id").asText())
        || conversationId.equals(b.path("data").path("relationships").path("conversation").path("data")
            .path("id").asText()));
    assertEquals(hmac(token, post.raw()), post.header("X-Kustomer-Webhook-Signature"));
    assertEquals(post.body().path("name").asText(), post.header("X-Kustomer-Webhook-Event"));
    assertEquals("conn-1", post.header("X-Baton-Connection"));
    assertEquals(KustomerOrg.ORG_ID, post.body().path("org").asText());
    return post.body();
  }

  static String hmac(String key, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static void assignedChange(JsonNode event, List<String> before, List<String> after) {
    assertEquals("kustomer.conversation.update", event.path("name").asText());
    JsonNode change = event.path("changes").path("attributes").path("assignedUsers");
    assertEquals(before, strings(change.path("before")));
    assertEquals(after, strings(change.path("after")));
    assertEquals(after, strings(event.path("data").path("attributes").path("assignedUsers")));
    assertEquals(1, event.path("changes").path("attributes").size(), event.toString());
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void deskActionsAndCustomerMessagesFireExactlyTheContractsEvents() throws Exception {
    String customer = f.customer("Dana Desk");
    String conv = f.handoff(customer, "baton-desk-1");
    assertEquals(DeskStatus.QUEUED, desk.chat(conv).orElseThrow().status());

    desk.accept(conv, "Robin");
    String robin = f.k.addAgent("Robin");
    assignedChange(next(conv), List.of(), List.of(robin));

    desk.say(conv, "Hello, Robin here");
    JsonNode said = next(conv);
    assertEquals("kustomer.message.create", said.path("name").asText());
    JsonNode m = said.path("data");
    assertEquals("out", m.path("attributes").path("direction").asText());
    assertEquals("Hello, Robin here", m.path("attributes").path("body").asText());
    assertEquals("Hello, Robin here", m.path("attributes").path("preview").asText());
    assertFalse(m.path("attributes").path("auto").asBoolean(true));
    assertEquals("chat", m.path("attributes").path("channel").asText());
    assertEquals(robin, m.path("relationships").path("createdBy").path("data").path("id").asText());
    assertEquals(customer, m.path("relationships").path("customer").path("data").path("id").asText());

    desk.typing(conv, true);
    JsonNode typing = next(conv);
    assertEquals("kustomer.conversation.typing", typing.path("name").asText());
    assertTrue(typing.path("data").path("attributes").path("typing").asBoolean());
    assertEquals(robin, typing.path("data").path("relationships").path("user").path("data").path("id").asText());

    String body = json(Map.of("customerId", customer, "session", conv, "body", "Thanks", "externalId", "v-1"));
    data(f.call("POST", "/v2.1/chat/messages", body), 201);
    JsonNode in = next(conv).path("data");
    assertEquals("in", in.path("attributes").path("direction").asText());
    assertEquals("v-1", in.path("attributes").path("externalId").asText());
    assertTrue(in.path("relationships").path("createdBy").isMissingNode());

    desk.transfer(conv, "Sam");
    String sam = f.k.addAgent("Sam");
    assignedChange(next(conv), List.of(robin), List.of(sam));
    desk.leave(conv);
    assignedChange(next(conv), List.of(sam), List.of());
    assertEquals(DeskStatus.QUEUED, desk.chat(conv).orElseThrow().status());
    desk.accept(conv, "Sam");
    assignedChange(next(conv), List.of(), List.of(sam));

    desk.end(conv);
    JsonNode ended = next(conv);
    assertEquals("kustomer.conversation.update", ended.path("name").asText());
    assertEquals("open", ended.path("changes").path("attributes").path("status").path("before").asText());
    assertEquals("done", ended.path("changes").path("attributes").path("status").path("after").asText());
    assertEquals("done", ended.path("data").path("attributes").path("status").asText());
    assertTrue(f.hooks.quiet(Duration.ofMillis(200)));

    List<String> lines = desk.chat(conv).orElseThrow().transcript().stream().map(l -> l.from() + ":" + l.text())
        .toList();
    assertEquals(List.of("bot:Hi, I am the bot", "visitor:I need a human", "agent:Hello, Robin here",
        "visitor:Thanks"), lines);
  }

  @Test
  void failedPostsAreRetriedOnTheScheduleAndAWebhookFailingEveryTryIsDisabled() throws Exception {
    String customer = f.customer("Rita Retry");
    String conv = f.handoff(customer, "baton-retry-1");
    next(customer); // one lane per webhook: everything before it was delivered, the statuses below hit the accept
    f.hooks.answer(500, 503);
    desk.accept(conv, "Alex");
    JsonNode accepted = next(conv);
    HeadlessChromium.waitFor("the delivery logged", () -> attempts(accepted.path("id").asText()).size() == 3);
    List<WebhookSender.Delivery> tries = attempts(accepted.path("id").asText());
    assertEquals(List.of(500, 503, 200), tries.stream().map(WebhookSender.Delivery::status).toList());
    for (int i = 1; i < tries.size(); i++) {
      Duration gap = Duration.between(tries.get(i - 1).at(), tries.get(i).at());
      assertTrue(gap.compareTo(KustomerFixture.WAITS.get(i - 1)) >= 0, "retry " + i + " after " + gap);
    }

    f.hooks.answer(500, 500, 500, 500); // the first try and all three retries
    desk.say(conv, "lost");
    HeadlessChromium.waitFor("the webhook disabled", () -> !f.k.webhookRegistrations().get(0).enabled());
    assertEquals(4, f.k.deliveries().stream().filter(d -> d.body().contains("\"body\":\"lost\"")).count());
    desk.say(conv, "not sent while disabled");
    JsonNode listed = data(f.call("GET", "/v1/outbound-webhooks", null), 200).get(0);
    assertFalse(listed.path("attributes").path("enabled").asBoolean(true));
    assertTrue(listed.path("attributes").path("token").isMissingNode());

    data(f.call("PATCH", "/v1/outbound-webhooks/" + webhook.path("id").asText(), "{\"enabled\":true}"), 200);
    desk.say(conv, "back");
    assertEquals("back", next(conv).path("data").path("attributes").path("body").asText());
    assertTrue(f.k.deliveries().stream().noneMatch(d -> d.body().contains("not sent while disabled")));
  }

  @Test
  void anAgentsFileAndAnAutomatedMessageCarryTheirAttributes() throws Exception {
    String customer = f.customer("Fil File");
    String conv = f.handoff(customer, "baton-file-1");
    assertEquals(409, f.sandboxCall("POST", "/sandbox/kustomer/chats/" + conv + "/attachments",
        "{\"url\":\"https://files.example.com/a.pdf\"}").statusCode(), "not accepted yet");
    desk.accept(conv, "Alex");
    next(conv);
    assertEquals(200, f.sandboxCall("POST", "/sandbox/kustomer/chats/" + conv + "/attachments",
        "{\"url\":\"https://files.example.com/invoice.pdf?v=2\",\"text\":\"here\"}").statusCode());
    JsonNode file = next(conv).path("data").path("attributes");
    assertEquals("here", file.path("body").asText());
    JsonNode attachment = file.path("attachments").get(0);
    assertEquals("https://files.example.com/invoice.pdf?v=2", attachment.path("url").asText());
    assertEquals("invoice.pdf", attachment.path("name").asText());
    assertEquals("application/pdf", attachment.path("contentType").asText());

    f.k.automationSays(conv, "Our AI says hi");
    JsonNode auto = next(conv).path("data");
    assertTrue(auto.path("attributes").path("auto").asBoolean());
    assertEquals(f.k.apiUserId(), auto.path("relationships").path("createdBy").path("data").path("id").asText());
    assertEquals(List.of("bot", "visitor", "agent", "bot"), desk.chat(conv).orElseThrow().transcript().stream()
        .map(l -> l.from()).toList());

    JsonNode logged = KustomerFixture.read(f.sandboxCall("GET", "/sandbox/kustomer/deliveries", null));
    JsonNode last = logged.get(logged.size() - 1);
    assertEquals("kustomer.message.create", last.path("event").asText());
    assertEquals(hmac(token, last.path("body").asText()), last.path("headers").path("X-Kustomer-Webhook-Signature")
        .asText());
    assertTrue(last.path("headers").path("X-Baton-Connection").isMissingNode(),
        "a registration's headers are not shown");
    assertFalse(logged.toString().contains(token));
  }

  @Test
  void customersFireCreateAndUpdateWithTheirChanges() throws Exception {
    String customer = f.customer("Cy Customer");
    JsonNode created = next(customer);
    assertEquals("kustomer.customer.create", created.path("name").asText());
    assertEquals("Cy Customer", created.path("data").path("attributes").path("name").asText());
    data(f.call("PATCH", "/v1/customers/" + customer, json(Map.of("tags", List.of("vip", "handover")))), 200);
    JsonNode updated = next(customer);
    assertEquals("kustomer.customer.update", updated.path("name").asText());
    JsonNode tags = updated.path("changes").path("attributes").path("tags");
    assertEquals(List.of("vip"), strings(tags.path("before")));
    assertEquals(List.of("vip", "handover"), strings(tags.path("after")));
    assertEquals(1, updated.path("changes").path("attributes").size());
  }

  static List<WebhookSender.Delivery> attempts(String eventId) {
    return f.k.deliveries().stream().filter(d -> d.eventId().equals(eventId)).toList();
  }

  @Test
  void scrambledDeliveryShufflesEachWindowAndSendsEveryEventTwice() throws Exception {
    String customer = f.customer("Sol Scramble");
    String conv = f.handoff(customer, "baton-scramble-1");
    desk.accept(conv, "Alex");
    next(conv);
    f.k.scrambleDeliveries(Duration.ofMillis(300));
    try {
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        desk.say(conv, "s" + i);
        sent.add("s" + i);
      }
      List<String> got = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        JsonNode e = next(conv);
        got.add(e.path("data").path("attributes").path("body").asText());
        ids.add(e.path("id").asText());
      }
      assertNotEquals(sent, got.subList(0, 4));
      assertEquals(sent, got.subList(0, 4).stream().sorted().toList());
      assertEquals(sent, got.subList(4, 8).stream().sorted().toList());
      assertEquals(4, ids.stream().distinct().count());
    } finally {
      f.k.scrambleDeliveries(null);
    }
  }
}
