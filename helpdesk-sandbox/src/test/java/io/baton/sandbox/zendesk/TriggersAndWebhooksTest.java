package io.baton.sandbox.zendesk;

import static io.baton.sandbox.zendesk.ZendeskFixture.eventually;
import static io.baton.sandbox.zendesk.ZendeskFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TriggersAndWebhooksTest {
  /** What Baton's connector asks for: agent (not API) public comments on its tickets. */
  private static final String BODY = "{\"ticket_id\":\"{{ticket.id}}\",\"status\":\"{{ticket.status}}\","
      + "\"tags\":\"{{ticket.tags}}\",\"requester\":\"{{ticket.requester.email}}\",\"name\":"
      + "\"{{ticket.requester.name}}\",\"agent\":\"{{ticket.assignee.name}}\",\"role\":\"{{current_user.role}}\","
      + "\"by\":\"{{current_user.email}}\",\"comment\":\"{{ticket.latest_comment.value}}\",\"public\":"
      + "\"{{ticket.latest_comment.is_public}}\",\"files\":[{% for attachment in ticket.latest_comment.attachments %}"
      + "{\"url\":\"{{attachment.url}}\",\"name\":\"{{attachment.filename}}\"}{% unless forloop.last %},"
      + "{% endunless %}{% endfor %}]}";
  private ZendeskFixture f;

  @BeforeEach
  void start() {
    f = new ZendeskFixture();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private String trigger(String title, String conditions, String actions) throws Exception {
    HttpResponse<String> r = f.api("POST", "/triggers", "{\"trigger\":{\"title\":\"" + title + "\",\"conditions\":"
        + conditions + ",\"actions\":" + actions + "}}");
    assertEquals(201, r.statusCode(), r.body());
    return json(r).path("trigger").path("id").asText();
  }

  private static String webhookAction(String webhook, String body) throws Exception {
    return "[{\"field\":\"notification_webhook\",\"value\":[\"" + webhook + "\","
        + ZendeskSupportApi.JSON.writeValueAsString(body) + "]}]";
  }

  @Test
  void anAgentsPublicCommentFiresTheTriggerAndTheSignedBodyVerifies() throws Exception {
    String webhook = f.conditionalWebhook(f.receiver());
    trigger("Agent replies", "{\"all\":[{\"field\":\"update_type\",\"operator\":\"is\",\"value\":\"Change\"},"
        + "{\"field\":\"comment_is_public\",\"operator\":\"is\",\"value\":\"true\"},{\"field\":\"role\","
        + "\"operator\":\"is_not\",\"value\":\"end_user\"},{\"field\":\"current_via_id\",\"operator\":\"is_not\","
        + "\"value\":\"5\"},{\"field\":\"current_tags\",\"operator\":\"includes\",\"value\":\"baton\"}]}",
        webhookAction(webhook, BODY));
    long id = json(f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"transcript\"},\"requester\":"
        + "{\"name\":\"Vi \\\"V\\\" Sitor\",\"email\":\"vi@example.com\"},\"tags\":[\"baton\"]}}")).path("ticket")
        .path("id").asLong();
    f.api("PUT", "/tickets/" + id, "{\"ticket\":{\"comment\":{\"body\":\"from the API\"}}}");
    f.zendesk.agent().accept(id, "Alex");
    f.zendesk.agent().comment(id, "internal only", false);
    f.zendesk.agent().attach(id, "a.png", "image/png", new byte[] {1, 2}, "Line one\nsaid \"hi\"");
    eventually(() -> f.received.size() == 1, "one delivery");

    ZendeskFixture.Received got = f.received.get(0);
    String secret = json(f.api("GET", "/webhooks/" + webhook + "/signing_secret", null)).path("signing_secret")
        .path("secret").asText();
    String timestamp = got.headers().get("x-zendesk-webhook-signature-timestamp");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = Base64.getEncoder().encodeToString(mac.doFinal((timestamp + got.body())
        .getBytes(StandardCharsets.UTF_8)));
    assertEquals(expected, got.headers().get("x-zendesk-webhook-signature"));
    Instant.parse(timestamp);
    JsonNode body = json(got.body());
    assertEquals(Long.toString(id), body.path("ticket_id").asText());
    assertEquals("Open", body.path("status").asText());
    assertEquals("baton", body.path("tags").asText());
    assertEquals("vi@example.com", body.path("requester").asText());
    assertEquals("Vi \"V\" Sitor", body.path("name").asText());
    assertEquals("Alex", body.path("agent").asText());
    assertEquals("agent", body.path("role").asText());
    assertEquals(ZendeskSupportSimulator.AGENT_EMAIL, body.path("by").asText());
    assertEquals("Line one\nsaid \"hi\"", body.path("comment").asText());
    assertEquals("true", body.path("public").asText());
    assertEquals(1, body.path("files").size());
    assertEquals("a.png", body.path("files").get(0).path("name").asText());
    assertTrue(body.path("files").get(0).path("url").asText().startsWith(f.base() + "/zendesk/attachments/"));
    assertEquals(List.of(), json(f.api("GET", "/webhooks/" + webhook, null)).path("webhook").findValues("secret"),
        "a webhook is never shown with its secret");

    HttpResponse<String> reset = f.api("POST", "/webhooks/" + webhook + "/signing_secret", null);
    assertEquals(201, reset.statusCode());
    String newSecret = json(reset).path("signing_secret").path("secret").asText();
    assertFalse(newSecret.equals(secret));
    f.zendesk.agent().comment(id, "after the reset", true);
    eventually(() -> f.received.size() == 2, "the next delivery");
    ZendeskFixture.Received next = f.received.get(1);
    assertEquals(ZendeskSupportSimulator.webhookSignature(newSecret, next.headers().get(
        "x-zendesk-webhook-signature-timestamp"), next.body()), next.headers().get("x-zendesk-webhook-signature"));
  }

  @Test
  void triggersRunInPositionOrderOncePerUpdateAndAChangeStartsTheCycleAgain() throws Exception {
    String webhook = f.conditionalWebhook(f.receiver());
    // Position 1 notifies once the tag is there; position 2 adds it. The cycle starts over after 2 changed the
    // ticket, so 1 fires in the same update; 2 does not fire twice.
    trigger("Notify", "{\"all\":[{\"field\":\"current_tags\",\"operator\":\"includes\",\"value\":\"escalated\"}]}",
        webhookAction(webhook, "{\"n\":\"{{ticket.tags}}\"}"));
    trigger("Tag", "{\"all\":[{\"field\":\"status\",\"operator\":\"value\",\"value\":\"open\"}]}",
        "[{\"field\":\"current_tags\",\"value\":\"escalated\"}]");
    long id = json(f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"x\"},\"requester\":{\"email\":"
        + "\"o@example.com\"}}}")).path("ticket").path("id").asLong();
    assertTrue(f.received.isEmpty());
    HttpResponse<String> r = f.api("PUT", "/tickets/" + id, "{\"ticket\":{\"status\":\"open\"}}");
    assertEquals("tags", json(r).path("audit").path("events").get(1).path("field_name").asText(),
        "the trigger's change is in the update's audit");
    eventually(() -> f.received.size() == 1, "one delivery");
    assertEquals("{\"n\":\"escalated\"}", f.received.get(0).body());
    f.api("PUT", "/tickets/" + id, "{\"ticket\":{\"priority\":\"low\"}}");
    eventually(() -> f.received.size() == 2, "the notify trigger fires again on the next update");
  }

  @Test
  void createUpdateTypeAndRoleConditions() throws Exception {
    String webhook = f.conditionalWebhook(f.receiver());
    trigger("Agent-initiated", "{\"all\":[{\"field\":\"update_type\",\"operator\":\"is\",\"value\":\"Create\"},"
        + "{\"field\":\"current_tags\",\"operator\":\"includes\",\"value\":\"sunco_send\"},{\"field\":\"role\","
        + "\"operator\":\"is\",\"value\":\"agent\"}],\"any\":[{\"field\":\"status\",\"operator\":\"less_than\","
        + "\"value\":\"solved\"}]}",
        webhookAction(webhook, "{\"t\":{{ticket.id}},\"m\":\"{{ticket.latest_comment."
            + "value}}\"}"));
    f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"by API\"},\"tags\":[\"sunco_send\"],"
        + "\"requester\":{\"email\":\"p@example.com\"}}}");
    long id = f.zendesk.agent().createTicket("p@example.com", null, "Hello", "Your order shipped", null);
    eventually(() -> f.received.size() == 1, "one delivery");
    assertEquals("{\"t\":" + id + ",\"m\":\"Your order shipped\"}", f.received.get(0).body());
  }

  @Test
  void badTriggersAndWebhooksAreRefused() throws Exception {
    String url = f.receiver();
    HttpResponse<String> both = f.api("POST", "/webhooks", "{\"webhook\":{\"name\":\"x\",\"endpoint\":\"" + url
        + "\",\"status\":\"active\",\"subscriptions\":[\"conditional_ticket_events\","
        + "\"zen:event-type:ticket.created\"]}}");
    assertEquals(400, both.statusCode());
    assertEquals("InvalidValue", json(both).path("errors").get(0).path("code").asText());
    assertEquals(400, f.api("POST", "/webhooks", "{\"webhook\":{\"name\":\"x\",\"endpoint\":\"not a url\","
        + "\"status\":\"active\",\"subscriptions\":[\"conditional_ticket_events\"]}}").statusCode());
    HttpResponse<String> events = f.api("POST", "/webhooks", "{\"webhook\":{\"name\":\"ev\",\"endpoint\":\"" + url
        + "\",\"status\":\"active\",\"subscriptions\":[\"zen:event-type:ticket.created\"]}}");
    assertEquals(201, events.statusCode());
    String eventWebhook = json(events).path("webhook").path("id").asText();
    assertEquals(400, f.api("PATCH", "/webhooks/" + eventWebhook, "{\"webhook\":{\"subscriptions\":"
        + "[\"conditional_ticket_events\"]}}").statusCode(), "the connection method cannot change");
    String condition = "{\"all\":[{\"field\":\"update_type\",\"operator\":\"is\",\"value\":\"Change\"}]}";
    HttpResponse<String> r = f.api("POST", "/triggers", "{\"trigger\":{\"title\":\"t\",\"conditions\":" + condition
        + ",\"actions\":" + webhookAction(eventWebhook, "{}") + "}}");
    assertEquals(422, r.statusCode(), "an event-subscribed webhook cannot be a trigger's action");
    assertEquals(422, f.api("POST", "/triggers", "{\"trigger\":{\"title\":\"t\",\"conditions\":{\"all\":[{\"field\":"
        + "\"mood\",\"operator\":\"is\",\"value\":\"x\"}]},\"actions\":[{\"field\":\"status\",\"value\":\"open\"}]}}")
        .statusCode());
    assertEquals(422, f.api("POST", "/triggers", "{\"trigger\":{\"title\":\"t\",\"conditions\":{\"all\":[{\"field\":"
        + "\"status\",\"operator\":\"includes\",\"value\":\"open\"}]},\"actions\":[{\"field\":\"status\",\"value\":"
        + "\"open\"}]}}").statusCode());
    assertEquals(422, f.api("POST", "/triggers", "{\"trigger\":{\"title\":\"t\",\"conditions\":" + condition
        + ",\"actions\":[]}}").statusCode());
    assertEquals(422, f.api("POST", "/triggers", "{\"trigger\":{\"conditions\":" + condition
        + ",\"actions\":[{\"field\":\"status\",\"value\":\"open\"}]}}").statusCode());
    assertEquals(0, json(f.api("GET", "/triggers", null)).path("count").asInt());
    assertEquals(404, f.api("GET", "/webhooks/01NOPE", null).statusCode());
    assertEquals(204, f.api("DELETE", "/webhooks/" + eventWebhook, null).statusCode());
    assertEquals(0, json(f.api("GET", "/webhooks", null)).path("webhooks").size());
  }

  @Test
  void anEventSubscribedWebhookGetsTheTicketEventsOfEachUpdateSigned() throws Exception {
    HttpResponse<String> created = f.api("POST", "/webhooks", "{\"webhook\":{\"name\":\"events\",\"endpoint\":\""
        + f.receiver() + "\",\"status\":\"active\",\"subscriptions\":[\"zen:event-type:ticket.created\","
        + "\"zen:event-type:ticket.comment_added\",\"zen:event-type:ticket.status_changed\"]}}");
    assertEquals(201, created.statusCode(), created.body());
    String webhook = json(created).path("webhook").path("id").asText();
    assertEquals(400, f.api("POST", "/webhooks", "{\"webhook\":{\"name\":\"u\",\"endpoint\":\"" + f.receiver()
        + "\",\"status\":\"active\",\"subscriptions\":[\"zen:event-type:user.created\"]}}").statusCode(),
        "a type the sandbox never sends is refused");
    long id = json(f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"first\"},\"requester\":{"
        + "\"email\":\"ev@example.com\"}}}")).path("ticket").path("id").asLong();
    f.zendesk.agent().accept(id, "Alex");
    eventually(() -> f.received.size() == 3, "created, comment added, status changed");
    List<String> types = f.received.stream().map(r -> {
      try {
        return json(r.body()).path("type").asText();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }).toList();
    assertEquals(List.of("zen:event-type:ticket.created", "zen:event-type:ticket.comment_added",
        "zen:event-type:ticket.status_changed"), types);
    JsonNode comment = json(f.received.get(1).body());
    assertEquals("zen:ticket:" + id, comment.path("subject").asText());
    assertEquals("first", comment.path("event").path("comment").path("body").asText());
    assertEquals(Long.toString(id), comment.path("detail").path("id").asText());
    JsonNode status = json(f.received.get(2).body()).path("event");
    assertEquals("OPEN", status.path("current").asText());
    assertEquals("NEW", status.path("previous").asText());
    String secret = json(f.api("GET", "/webhooks/" + webhook + "/signing_secret", null)).path("signing_secret")
        .path("secret").asText();
    ZendeskFixture.Received last = f.received.get(2);
    assertEquals(ZendeskSupportSimulator.webhookSignature(secret, last.headers().get(
        "x-zendesk-webhook-signature-timestamp"), last.body()), last.headers().get("x-zendesk-webhook-signature"));
  }

  @Test
  void anInactiveWebhookIsNotCalledAndAnUpdateChangesWhereRequestsGo() throws Exception {
    String first = f.receiver();
    String webhook = f.conditionalWebhook(first);
    trigger("created", "{\"all\":[{\"field\":\"update_type\",\"operator\":\"is\",\"value\":\"Create\"}]}",
        webhookAction(webhook, "{\"t\":{{ticket.id}}}"));
    assertEquals(204, f.api("PATCH", "/webhooks/" + webhook, "{\"webhook\":{\"status\":\"inactive\"}}")
        .statusCode());
    assertEquals("inactive", json(f.api("GET", "/webhooks/" + webhook, null)).path("webhook").path("status")
        .asText());
    f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"x\"},\"requester\":{\"email\":\"i@e.com\"}}}");
    assertEquals(400, f.api("PUT", "/webhooks/" + webhook, "{\"webhook\":{\"name\":\"n\",\"endpoint\":\"" + first
        + "?v=2\",\"status\":\"on\",\"subscriptions\":[\"conditional_ticket_events\"]}}").statusCode());
    assertEquals(204, f.api("PUT", "/webhooks/" + webhook, "{\"webhook\":{\"name\":\"n\",\"endpoint\":\"" + first
        + "?v=2\",\"status\":\"active\",\"subscriptions\":[\"conditional_ticket_events\"]}}").statusCode());
    long second = json(f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"x\"},\"requester\":"
        + "{\"email\":\"i@e.com\"}}}")).path("ticket").path("id").asLong();
    // Requests of one webhook arrive in order: had the inactive one been called, its request would be first.
    eventually(() -> !f.received.isEmpty(), "the request after reactivation");
    assertEquals("{\"t\":" + second + "}", f.received.get(0).body());
    assertEquals("v=2", f.received.get(0).query(), "the updated endpoint");
  }

  @Test
  void triggersUpdateListAndDeleteAndAnInactiveTriggerDoesNotFire() throws Exception {
    String webhook = f.conditionalWebhook(f.receiver());
    String created = "{\"all\":[{\"field\":\"update_type\",\"operator\":\"is\",\"value\":\"Create\"}]}";
    String id = trigger("T", created, webhookAction(webhook, "{\"inactive\":true}"));
    trigger("Marker", created, webhookAction(webhook, "{\"marker\":true}"));
    assertEquals(200, f.api("PUT", "/triggers/" + id, "{\"trigger\":{\"active\":false}}").statusCode());
    assertFalse(json(f.api("GET", "/triggers/" + id, null)).path("trigger").path("active").asBoolean());
    f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"x\"},\"requester\":{\"email\":\"q@e.com\"}}}");
    // One webhook delivers in order: had the inactive trigger fired, its request would come before the marker's.
    eventually(() -> !f.received.isEmpty(), "the marker");
    assertEquals("{\"marker\":true}", f.received.get(0).body());
    assertEquals(2, json(f.api("GET", "/triggers", null)).path("count").asInt());
    assertEquals(204, f.api("DELETE", "/triggers/" + id, null).statusCode());
    assertEquals(404, f.api("GET", "/triggers/" + id, null).statusCode());
    assertEquals(1, json(f.api("GET", "/triggers", null)).path("count").asInt());
  }
}
