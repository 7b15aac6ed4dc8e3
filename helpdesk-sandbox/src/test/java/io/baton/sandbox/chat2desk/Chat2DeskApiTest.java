package io.baton.sandbox.chat2desk;

import static io.baton.sandbox.chat2desk.Chat2DeskCompany.ALEX_OPERATOR_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskCompany.BOT_OPERATOR_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskCompany.EXTERNAL_CHANNEL_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskCompany.MARIA_OPERATOR_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskCompany.OLEG_OPERATOR_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskCompany.SUPPORT_GROUP_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskCompany.WHATSAPP_CHANNEL_ID;
import static io.baton.sandbox.chat2desk.Chat2DeskFixture.error;
import static io.baton.sandbox.chat2desk.Chat2DeskFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.WebhookReceiver;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The API's authentication, limits, faults, operators, webhooks and the external channel. */
class Chat2DeskApiTest {
  @RegisterExtension
  static final Chat2DeskFixture f = Chat2DeskFixture.subscribedTo(Chat2DeskFixture.ALL_HOOKS);
  static final Chat2DeskSimulator c2d = f.c2d;

  @Test
  void aWrongOrMissingTokenIs401AndAnUnknownPath404() {
    error(f.raw("GET", "/operators", null, null), 401, "You need to auth");
    error(f.raw("GET", "/operators", null, "wrong"), 401, "You need to auth");
    error(f.raw("GET", "/operators", null, "Bearer " + Chat2DeskCompany.TOKEN), 401, "You need to auth");
    error(f.raw("GET", "/nothing/here", null, "wrong"), 401, "You need to auth");
    error(f.call("GET", "/nothing/here", null), 404, "Page not found");
    error(f.call("DELETE", "/messages", null), 404, "Page not found");
    JsonNode info = ok(f.call("GET", "/companies/api_info", null));
    assertEquals(Chat2DeskCompany.COMPANY_NAME, info.path("company_name").asText());
  }

  @Test
  void overTheRateLimitIs429WithRetryAfter() {
    c2d.rateLimit(true);
    try {
      List<HttpResponse<String>> answers = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        answers.add(f.call("GET", "/operators_groups", null));
      }
      HttpResponse<String> refused = answers.stream().filter(a -> a.statusCode() == 429).findFirst()
          .orElseThrow(() -> new AssertionError("30 calls at once, none refused"));
      error(refused, 429, "Number of API requests exceeded");
      assertTrue(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow()) >= 1);
      assertTrue(answers.stream().filter(a -> a.statusCode() == 200).count() >= 20, "the burst of 20 is admitted");
    } finally {
      c2d.rateLimit(false);
    }
  }

  @Test
  void operatorsShowOnlineAndOpenDialogsAndPage() {
    long client = c2d.newClient(WHATSAPP_CHANNEL_ID, "Ivan", "79001112233");
    c2d.clientWrites(client, "hello");
    long dialog = c2d.openDialogOf(client).orElseThrow().id();
    ok(f.call("PUT", "/dialogs/" + dialog, "{\"operator_id\":" + MARIA_OPERATOR_ID + "}"));
    JsonNode all = Chat2DeskFixture.read(f.call("GET", "/operators", null));
    assertEquals(4, all.path("meta").path("total").asInt());
    assertEquals(20, all.path("meta").path("limit").asInt());
    JsonNode online = ok(f.call("GET", "/operators?online=1", null));
    List<Long> ids = new ArrayList<>();
    online.forEach(o -> ids.add(o.path("id").asLong()));
    assertEquals(List.of(BOT_OPERATOR_ID, ALEX_OPERATOR_ID, MARIA_OPERATOR_ID), ids);
    JsonNode maria = online.get(2);
    assertEquals("Maria", maria.path("first_name").asText());
    assertEquals(1, maria.path("online").asInt());
    assertTrue(maria.path("opened_dialogs").asInt() >= 1);
    JsonNode offline = ok(f.call("GET", "/operators?online=0", null));
    assertEquals(OLEG_OPERATOR_ID, offline.get(0).path("id").asLong());
    assertEquals(0, offline.get(0).path("online").asInt());
    JsonNode page = Chat2DeskFixture.read(f.call("GET", "/operators?limit=2&offset=1", null));
    assertEquals(ALEX_OPERATOR_ID, page.path("data").get(0).path("id").asLong());
    assertEquals(2, page.path("data").size());
    error(f.call("GET", "/operators?limit=201", null), 400, "limit must be between 1 and 200");
    JsonNode groups = ok(f.call("GET", "/operators_groups", null));
    assertEquals(SUPPORT_GROUP_ID, groups.get(0).path("id").asLong());
    assertEquals(List.of(ALEX_OPERATOR_ID, MARIA_OPERATOR_ID, OLEG_OPERATOR_ID),
        WebhookReceiver.JSON.convertValue(groups.get(0).path("operator_ids"), List.class).stream()
            .map(n -> ((Number) n).longValue()).toList());
  }

  @Test
  void theExternalChannelTakesInjectedMessagesOnceAndCreatesTheClient() throws Exception {
    String body = "{\"channel_id\":" + EXTERNAL_CHANNEL_ID + ",\"text\":\"from the widget\",\"external_id\":"
        + "\"m-1\",\"from_client\":{\"external_id\":\"visitor-42\",\"nickname\":\"Ada\"}}";
    JsonNode first = ok(f.call("POST", "/messages/inbox", body));
    JsonNode again = ok(f.call("POST", "/messages/inbox", body));
    assertEquals(first, again);
    long client = c2d.externalClient("visitor-42").orElseThrow();
    assertEquals(client, first.path("client_id").asLong());
    JsonNode inbox = f.hookOf(client).body();
    assertEquals("external", inbox.path("transport").asText());
    assertEquals("visitor-42", inbox.path("client").path("external_id").asText());
    assertEquals("Ada", inbox.path("client").path("name").asText());
    ok(f.call("POST", "/messages/inbox", body.replace("m-1", "m-2").replace("from the widget", "second")));
    assertEquals("second", f.hookOf(client).body().path("text").asText(), "the repeat sent no inbox");
    assertEquals(2, c2d.messagesOf(client).size());
    error(f.call("POST", "/messages/inbox", body.replace("\"channel_id\":" + EXTERNAL_CHANNEL_ID,
        "\"channel_id\":" + WHATSAPP_CHANNEL_ID)), 400, "channel_id is not an external channel");
    error(f.call("POST", "/messages/inbox", "{\"channel_id\":" + EXTERNAL_CHANNEL_ID + ",\"text\":\"x\"}"), 400,
        "from_client is required ({\"external_id\" or \"phone\", \"nickname\"?})");
  }

  @Test
  void webhooksAreAtMostFiveWithHttpUrlsAndKnownEvents() {
    List<Long> created = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        created.add(ok(f.call("POST", "/webhooks", "{\"name\":\"w" + i + "\",\"url\":\"https://example.com/" + i
            + "\",\"events\":[\"inbox\"],\"channels\":[" + WHATSAPP_CHANNEL_ID + "]}")).path("id").asLong());
      }
      assertEquals(5, ok(f.call("GET", "/webhooks", null)).size());
      error(f.call("POST", "/webhooks", "{\"name\":\"six\",\"url\":\"https://example.com/6\",\"events\":"
          + "[\"inbox\"]}"), 400, "Webhooks limit exceeded");
      error(f.call("POST", "/webhooks", "{\"name\":\"x\",\"url\":\"ftp://example.com\",\"events\":[\"inbox\"]}"),
          400, "url must be an http(s) URL");
      error(f.call("POST", "/webhooks", "{\"name\":\"x\",\"url\":\"https://e.com\",\"events\":[\"bogus\"]}"), 400,
          "events has unknown events [bogus]");
      error(f.call("POST", "/webhooks", "{\"name\":\"x\",\"url\":\"https://e.com\",\"events\":[\"inbox\"],"
          + "\"channels\":[999]}"), 400, "channels has an unknown channel 999");
      JsonNode updated = ok(f.call("PUT", "/webhooks/" + created.get(0), "{\"url\":\"https://example.com/new\"}"));
      assertEquals("https://example.com/new", updated.path("url").asText());
      assertEquals("w0", updated.path("name").asText());
      error(f.call("PUT", "/webhooks/9999", "{\"url\":\"https://example.com/new\"}"), 404, "Webhook not found");
    } finally {
      created.forEach(id -> ok(f.call("DELETE", "/webhooks/" + id, null)));
    }
    assertEquals(1, ok(f.call("GET", "/webhooks", null)).size());
  }
  @Test
  void faultsRefuseOrLoseAnswersAndAnExternalIdMakesTheRetrySafe() throws Exception {
    long client = c2d.newClient(WHATSAPP_CHANNEL_ID, "Storm", null);
    c2d.faults().failNext("messages", 503, null, 1);
    String body = "{\"client_id\":" + client + ",\"text\":\"once\",\"external_id\":\"k-1\"}";
    error(f.call("POST", "/messages", body), 503, "Injected fault");
    assertEquals(List.of(), c2d.messagesOf(client), "a refused call did nothing");
    c2d.faults().loseNext("messages", 1);
    error(f.call("POST", "/messages", body), 503, "Service Unavailable");
    JsonNode retried = ok(f.call("POST", "/messages", body));
    assertEquals(1, c2d.messagesOf(client).size(), "the lost answer's message was sent once");
    assertEquals(c2d.messagesOf(client).get(0).id(), retried.path("message_id").asLong());
  }
}
