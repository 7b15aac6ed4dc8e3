package io.baton.sandbox.chat2desk;

import static io.baton.sandbox.chat2desk.Chat2DeskCompany.WHATSAPP_CHANNEL_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.testkit.HeadlessChromium;
import io.baton.sandbox.kit.WebhookReceiver;
import io.baton.sandbox.kit.KitJson;
import io.baton.sandbox.kit.WebhookSender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhook deliveries: one event per POST in order per webhook, the retry schedule after failures, the signature,
 * and disabling after the disabling time without success. The schedule here is Chat2Desk's in milliseconds.
 */
class Chat2DeskWebhookDeliveryTest {
  @RegisterExtension
  static final Chat2DeskFixture f = Chat2DeskFixture.subscribedTo("inbox", "outbox");
  static final Chat2DeskSimulator c2d = f.c2d;
  static final long webhook = f.webhook;

  static List<WebhookSender.Delivery> attemptsOf(String event, long messageId) {
    return c2d.deliveries().stream().filter(d -> d.event().equals(event)
        && d.body().contains("\"message_id\":" + messageId + ",")).toList();
  }

  /** The sender logs a POST once it was answered, just after the receiver took it. */
  static void logged(java.util.function.BooleanSupplier done) {
    HeadlessChromium.waitFor("the delivery logged", done);
  }

  @Test
  void eventsArriveInOrderEachFailedOneRetriedOnTheScheduleBeforeTheNext() throws Exception {
    long client = c2d.newClient(WHATSAPP_CHANNEL_ID, "Order", null);
    f.hooks.answer(500, 503, 500); // the first event fails three times, the fourth try takes it
    List<Long> sent = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      sent.add(c2d.clientWrites(client, "m" + i).id());
    }
    List<Long> got = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      WebhookReceiver.Post hook = f.hookOf(client);
      got.add(hook.body().path("message_id").asLong());
    }
    assertEquals(sent, got);
    logged(() -> attemptsOf("inbox", sent.get(5)).size() == 1);
    List<WebhookSender.Delivery> first = attemptsOf("inbox", sent.get(0));
    assertEquals(List.of(500, 503, 500, 200), first.stream().map(WebhookSender.Delivery::status).toList());
    List<Duration> waits = Chat2DeskFixture.FAST.retryWaits();
    for (int i = 1; i < first.size(); i++) {
      Duration gap = Duration.between(first.get(i - 1).at(), first.get(i).at());
      assertTrue(gap.compareTo(waits.get(i - 1)) >= 0, "retry " + i + " came after " + gap);
    }
    assertEquals(1, attemptsOf("inbox", sent.get(1)).size());
  }

  @Test
  void aPostIsSignedWithTheCompanySecretOverTheRawBody() throws Exception {
    long client = c2d.newClient(WHATSAPP_CHANNEL_ID, "Signed", null);
    c2d.clientWrites(client, "sign me");
    WebhookReceiver.Post hook = f.hookOf(client);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Chat2DeskCompany.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    assertEquals(HexFormat.of().formatHex(mac.doFinal(hook.raw().getBytes(StandardCharsets.UTF_8))),
        hook.header(Chat2DeskSettings.SIGNATURE_HEADER));
  }

  @Test
  void anUnreachableReceiverIsRetriedOnTheSchedule() throws Exception {
    long client = c2d.newClient(WHATSAPP_CHANNEL_ID, "Down", null);
    c2d.makeWebhookReceiverUnreachable(2);
    long id = c2d.clientWrites(client, "are you there").id();
    assertEquals(id, f.hookOf(client).body().path("message_id").asLong());
    logged(() -> attemptsOf("inbox", id).size() == 3);
    assertEquals(List.of(0, 0, 200), attemptsOf("inbox", id).stream().map(WebhookSender.Delivery::status).toList());
  }

  @Test
  void signingOffSendsNoSignatureAndTheHeaderAndAlgorithmAreSettings() throws Exception {
    Chat2DeskCompany company = new Chat2DeskCompany();
    try (WebhookReceiver receiver = new WebhookReceiver();
         Chat2DeskWebhooks off = new Chat2DeskWebhooks(Chat2DeskFixture.FAST.withSigning(false,
             Chat2DeskSettings.SIGNATURE_HEADER, Chat2DeskSettings.SIGNATURE_ALGORITHM), company);
         Chat2DeskWebhooks sha512 = new Chat2DeskWebhooks(Chat2DeskFixture.FAST.withSigning(true, "X-Hook-Sig",
             "HmacSHA512"), company)) {
      off.create("off", receiver.url(), List.of("inbox"), List.of());
      off.emit("inbox", WHATSAPP_CHANNEL_ID, "1", KitJson.object("hook_type", "inbox", "text", "plain"));
      assertNull(receiver.next().header(Chat2DeskSettings.SIGNATURE_HEADER));
      logged(() -> off.deliveries().size() == 1);
      assertEquals(java.util.Map.of(), off.deliveries().get(0).headers());
      sha512.create("512", receiver.url(), List.of("inbox"), List.of());
      sha512.emit("inbox", WHATSAPP_CHANNEL_ID, "2", KitJson.object("hook_type", "inbox", "text", "signed"));
      String raw = receiver.next().raw();
      logged(() -> sha512.deliveries().size() == 1);
      Mac mac = Mac.getInstance("HmacSHA512");
      mac.init(new SecretKeySpec(Chat2DeskCompany.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
      assertEquals(HexFormat.of().formatHex(mac.doFinal(raw.getBytes(StandardCharsets.UTF_8))),
          sha512.deliveries().get(0).headers().get("X-Hook-Sig"));
    }
  }

  @Test
  void aWebhookWithoutSuccessForTheDisablingTimeIsDisabledUntilUpdated() throws Exception {
    Chat2DeskSettings quick = Chat2DeskFixture.FAST.withRetries(
        List.of(Duration.ofMillis(5), Duration.ofMillis(5), Duration.ofMillis(5)), Duration.ofMillis(100),
        Duration.ofSeconds(2));
    try (WebhookReceiver receiver = new WebhookReceiver();
         Chat2DeskWebhooks hooks = new Chat2DeskWebhooks(quick, new Chat2DeskCompany())) {
      long failing = hooks.create("failing", receiver.url() + "/a", List.of("inbox"), List.of()).id;
      hooks.makeUnreachable(Integer.MAX_VALUE);
      int events = 0;
      long since = System.nanoTime();
      while (!hooks.disabled(hooks.get(failing))) {
        int before = hooks.deliveries().size();
        hooks.emit("inbox", WHATSAPP_CHANNEL_ID, "e" + events, KitJson.object("hook_type", "inbox", "n", events));
        events++;
        HeadlessChromium.waitFor("the event's tries given up or the webhook disabled",
            () -> hooks.deliveries().size() >= before + 4 || hooks.disabled(hooks.get(failing)));
      }
      assertTrue(System.nanoTime() - since >= Duration.ofMillis(100).toNanos(), "disabled after 100 ms, not before");
      assertTrue(events >= 2, "one event's schedule (15 ms) is shorter than the disabling time");
      hooks.makeUnreachable(0);
      int logged = hooks.deliveries().size();
      long marker = hooks.create("marker", receiver.url() + "/b", List.of("inbox"), List.of()).id;
      hooks.emit("inbox", WHATSAPP_CHANNEL_ID, "after", KitJson.object("hook_type", "inbox", "n", "after"));
      assertEquals("after", receiver.next().body().path("n").asText());
      logged(() -> hooks.deliveries().size() > logged);
      assertEquals(List.of(Long.toString(marker)), hooks.deliveries().subList(logged, hooks.deliveries().size())
          .stream().map(WebhookSender.Delivery::subscriptionId).toList(), "nothing went to the disabled webhook");

      hooks.update(failing, null, null, null, null);
      assertFalse(hooks.disabled(hooks.get(failing)));
      hooks.emit("inbox", WHATSAPP_CHANNEL_ID, "again", KitJson.object("hook_type", "inbox", "n", "again"));
      assertEquals("again", receiver.next().body().path("n").asText());
      assertEquals("again", receiver.next().body().path("n").asText());
    }
  }

}
