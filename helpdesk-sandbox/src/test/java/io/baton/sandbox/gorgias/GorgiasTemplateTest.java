package io.baton.sandbox.gorgias;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.KitJson;
import io.baton.sandbox.kit.WebhookReceiver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The template language's edges, without a server: indexes, missing values, types, filters, forms. */
class GorgiasTemplateTest {
  static final Map<String, Object> CONTEXT = KitJson.object("ticket", KitJson.object("id", 1001, "status", "open",
      "assignee_user", null, "tags", List.of(Map.of("name", "vip")),
      "messages", List.of(KitJson.object("body_text", "first", "public", true),
          KitJson.object("body_text", "last", "public", false))),
      "event", Map.of("type", "ticket_updated"));

  @Test
  void variablesRenderAsText() {
    assertEquals("1001/open/ticket_updated", GorgiasTemplate.render("{{ticket.id}}/{{ ticket.status }}/"
        + "{{event.type}}", CONTEXT));
    assertEquals("first|last|last|first", GorgiasTemplate.render("{{ticket.messages[0].body_text}}|"
        + "{{ticket.messages[-1].body_text}}|{{ticket.messages[1].body_text}}|{{ticket.messages[-2].body_text}}",
        CONTEXT));
    assertEquals("[||]", GorgiasTemplate.render("[{{ticket.messages[2].body_text}}|{{ticket.assignee_user.name}}|"
        + "{{nothing.here}}]", CONTEXT));
    assertEquals("true false", GorgiasTemplate.render("{{ticket.messages[0].public}} {{ticket.messages[1].public}}",
        CONTEXT));
    assertEquals("[{\"name\":\"vip\"}] \"open\"", GorgiasTemplate.render("{{ticket.tags}} {{ticket.status|tojson}}",
        CONTEXT));
    assertEquals("{{ticket.id|upper}} {% if x %}", GorgiasTemplate.render("{{ticket.id|upper}} {% if x %}",
        CONTEXT));
  }

  @Test
  void aFormKeepsItsKeysAndNonStringValues() throws Exception {
    JsonNode form = WebhookReceiver.JSON.readTree("{\"id\":\"{{ticket.id}}\",\"n\":7,\"ok\":true,"
        + "\"nested\":{\"list\":[\"{{ticket.status}}\",1]},\"{{ticket.id}}\":\"key kept\"}");
    assertEquals(
        WebhookReceiver.JSON.readTree("{\"id\":\"1001\",\"n\":7,\"ok\":true,\"nested\":{\"list\":[\"open\",1]},"
            + "\"{{ticket.id}}\":\"key kept\"}"),
        GorgiasTemplate.renderForm(form, CONTEXT));
    assertEquals("ticket 1001", GorgiasTemplate.renderForm(WebhookReceiver.JSON.readTree("\"ticket {{ticket.id}}\""),
        CONTEXT).asText());
    assertEquals("{}", GorgiasTemplate.renderForm(null, CONTEXT).toString());
  }
}
