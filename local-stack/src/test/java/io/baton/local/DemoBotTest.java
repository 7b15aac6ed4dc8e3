package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoBotTest {
  @Test
  void greetsAnswersAndHandsOverWhenAskedForAHuman() {
    assertEquals("Hi! I am Baton's demo bot. Ask for a human whenever you want to talk to an agent.",
        DemoBot.answer("Hello there"));
    assertEquals(
        "I am only a demo bot, so I cannot help with \"where is my parcel\". Type \"human\" to talk to an agent.",
        DemoBot.answer("where is my parcel"));
    assertNull(DemoBot.answer("Can I talk to a HUMAN please"));
    assertNull(DemoBot.answer("agent"));
    assertEquals("I am only a demo bot, so I cannot help with \"humanity\". Type \"human\" to talk to an agent.",
        DemoBot.answer("humanity"));
  }

  @Test
  void aVisitorInZendesksMessengerIsHandedToZendeskInTheirConversation() {
    HandoverChoice choice = new HandoverChoice("zendesk-sunco", null, null);
    assertEquals("{\"crmPlatform\": \"zendesk_sunco\", \"connectionId\": \"zendesk-sunco\","
        + " \"tags\": [\"baton\", \"demo\"]}", choice.payload("sunco-65f1c0ffee", "human"));
    assertEquals(HandoverChoice.SEED_SALESFORCE_PAYLOAD, choice.payload("web-1", "human"));
    assertEquals(HandoverChoice.SEED_SALESFORCE_PAYLOAD,
        HandoverChoice.salesforceOnly().payload("sunco-65f1c0ffee", "human"));
  }

  @Test
  void aChat2DeskClientStaysInsideTheirChat2DeskAndAWidgetVisitorGoesThereWhenAskingForIt() {
    HandoverChoice choice = new HandoverChoice("zendesk-sunco", "chat2desk", "301");
    String inside = "{\"crmPlatform\": \"chat2desk\", \"connectionId\": \"chat2desk\", \"operatorGroupId\": \"301\"}";
    assertEquals(inside, choice.payload("c2d-chat2desk-17", "human"));
    // the visitor's own connection, whichever it is
    assertEquals(inside.replace("\"chat2desk\", \"op", "\"c2d-2\", \"op"),
        choice.payload("c2d-c2d-2-17", "human"));
    assertEquals(inside, choice.payload("web-1", "human Chat2Desk please"));
    assertEquals(HandoverChoice.SEED_SALESFORCE_PAYLOAD, choice.payload("web-1", "human"));
    assertEquals(HandoverChoice.SEED_SALESFORCE_PAYLOAD,
        new HandoverChoice(null, null, null).payload("web-1", "human chat2desk"));
    assertEquals("{\"crmPlatform\": \"chat2desk\", \"connectionId\": \"chat2desk\"}",
        new HandoverChoice(null, "chat2desk", null).payload("web-1", "human chat2desk"));

    assertEquals(List.of(HandoverChoice.HUMAN, HandoverChoice.CHAT2DESK_OPERATOR), choice.offers("web-1"));
    assertEquals(List.of(HandoverChoice.HUMAN), choice.offers("c2d-chat2desk-17"));
    assertEquals(List.of(HandoverChoice.HUMAN), choice.offers("sunco-65f1c0ffee"));
    assertEquals(List.of(HandoverChoice.HUMAN), HandoverChoice.salesforceOnly().offers("web-1"));
    assertNull(DemoBot.answer(HandoverChoice.CHAT2DESK_OPERATOR.getPayload()), "the button asks for a human");
  }
}
