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

    assertEquals(List.of(HandoverChoice.HUMAN, HandoverChoice.ZENDESK, HandoverChoice.CHAT2DESK),
        choice.offers("web-1"));
    assertEquals(List.of(HandoverChoice.HUMAN), choice.offers("c2d-chat2desk-17"));
    assertEquals(List.of(HandoverChoice.HUMAN), choice.offers("sunco-65f1c0ffee"));
    assertEquals(List.of(HandoverChoice.HUMAN), HandoverChoice.salesforceOnly().offers("web-1"));
    assertNull(DemoBot.answer(HandoverChoice.CHAT2DESK.getPayload()), "the button asks for a human");
  }

  @Test
  void aWidgetVisitorPicksAHelpdeskByItsQuickReplyOrByNameAfterHuman() {
    HandoverChoice choice = new HandoverChoice("zendesk-sunco", "chat2desk", "301").withDixa()
        .withKustomer("kustomer", "5f00000000000000000000aa").withFreshchat("freshchat").withGorgias("gorgias")
        .withOracle("oracle_chat").withEnhancedChat();
    assertEquals(List.of(HandoverChoice.HUMAN, HandoverChoice.ENHANCED_CHAT, HandoverChoice.ZENDESK,
        HandoverChoice.DIXA, HandoverChoice.CHAT2DESK, HandoverChoice.KUSTOMER,
        HandoverChoice.FRESHCHAT, HandoverChoice.GORGIAS, HandoverChoice.ORACLE), choice.offers("web-1"));
    assertEquals(List.of(HandoverChoice.HUMAN), choice.offers("sunco-65f1c0ffee"));
    assertEquals(
        List.of("Talk to a human", "Enhanced Chat", "Zendesk", "Dixa", "Chat2Desk", "Kustomer", "Freshchat", "Gorgias",
            "Oracle"),
        choice.offers("web-1").stream().map(q -> q.getTitle()).toList());

    String email = HandoverChoice.demoEmail("web-1");
    assertEquals(email, HandoverChoice.demoEmail("web-1"), "one address per visitor");
    assertEquals(true, email.matches("visitor-[0-9a-f]{12}@example\\.com"), email);
    assertEquals(false, email.equals(HandoverChoice.demoEmail("web-2")));
    assertEquals("{\"crmPlatform\":\"kustomer\",\"connectionId\":\"kustomer\",\"name\":\"{{visitorName}}\","
        + "\"email\":\"" + email + "\",\"tags\":[\"baton\",\"demo\"],\"queue\":\"5f00000000000000000000aa\"}",
        choice.payload("web-1", "Kustomer"));
    assertEquals(choice.payload("web-1", "Kustomer"), choice.payload("web-1", "human kustomer"));
    assertEquals("{\"crmPlatform\":\"freshchat\",\"connectionId\":\"freshchat\",\"name\":\"{{visitorName}}\","
        + "\"email\":\"" + email + "\"}", choice.payload("web-1", "human Freshchat please"));
    assertEquals("{\"crmPlatform\":\"dixa\",\"widgetId\":\"a4fda39e-0d78-40a4-afbd-b2d35d0b2a3a\","
        + "\"queueId\":\"8d921a1c-8da5-4788-b787-21024c230787\",\"email\":\"" + email + "\","
        + "\"tags\":[\"baton\",\"demo\"]}", choice.payload("web-1", "human dixa"));
    assertEquals("{\"crmPlatform\":\"gorgias\",\"connectionId\":\"gorgias\",\"name\":\"{{visitorName}}\","
        + "\"email\":\"" + email + "\",\"tags\":[\"baton\",\"demo\"]}", choice.payload("web-1", "Gorgias"));
    assertEquals(choice.payload("web-1", "Gorgias"), choice.payload("web-1", "a human at gorgias"));
    // Oracle's session information is JSON as text, placeholders inside (the ingress fills them JSON-safely).
    assertEquals("{\"crmPlatform\":\"oracle_chat\",\"connectionId\":\"oracle_chat\",\"sessionInformation\":"
        + "\"{\\\"firstName\\\":\\\"{{visitorName}}\\\",\\\"emailAddress\\\":\\\"" + email + "\\\"}\"}",
        choice.payload("web-1", "Oracle"));
    assertEquals(choice.payload("web-1", "Oracle"), choice.payload("web-1", "human, oracle please"));
    assertEquals(HandoverChoice.SEED_SALESFORCE_PAYLOAD, choice.payload("web-1", "Talk to a human"));
    // Enhanced Chat by its deployment (no connection: one would take the seed's Live Agent payload as well)
    assertEquals("{\"crmPlatform\":\"salesforce_miaw\",\"scrtUrl\":\"demo.my.salesforce-scrt.com\","
        + "\"orgId\":\"00D6g000003Q6HI\",\"esDeveloperName\":\"Web_Chat\",\"routingAttributes\":"
        + "{\"_firstName\":\"{{visitorName}}\",\"_email\":\"" + email + "\"}}",
        choice.payload("web-1", "Enhanced Chat"));
    assertEquals(choice.payload("web-1", "Enhanced Chat"), choice.payload("web-1", "human enhanced chat"));
    // Zendesk through SunCo's bridge, on the messenger's connection
    assertEquals("{\"crmPlatform\":\"zendesk_sunco\",\"connectionId\":\"zendesk-sunco\",\"name\":"
        + "\"{{visitorName}}\",\"email\":\"" + email + "\",\"tags\":[\"baton\",\"demo\"]}",
        choice.payload("web-1", "Zendesk"));
    assertEquals(true, choice.picksHelpdesk("web-1", "zendesk"));
    assertEquals(true, choice.picksHelpdesk("web-1", "Enhanced Chat"));
    assertEquals(false, HandoverChoice.salesforceOnly().picksHelpdesk("web-1", "Enhanced Chat"));
    // Kustomer not offered: Salesforce.
    assertEquals(HandoverChoice.SEED_SALESFORCE_PAYLOAD,
        new HandoverChoice(null, null, null).payload("web-1", "human kustomer"));

    // A quick reply's title alone hands over; a helpdesk's name in a question does not, nor one not offered.
    assertEquals(true, choice.picksHelpdesk("web-1", " kustomer "));
    assertEquals(true, choice.picksHelpdesk("web-1", "Freshchat"));
    assertEquals(true, choice.picksHelpdesk("web-1", "gorgias"));
    assertEquals(true, choice.picksHelpdesk("web-1", "Oracle"));
    assertEquals(false, choice.picksHelpdesk("web-1", "Oracle B2C Service"), "only the title itself");
    assertEquals(false, HandoverChoice.salesforceOnly().picksHelpdesk("web-1", "Oracle"));
    assertEquals(false, choice.picksHelpdesk("web-1", "what is freshchat"));
    assertEquals(false, choice.picksHelpdesk("web-1", "Talk to a human"), "that one asks for a human itself");
    assertEquals(false, choice.picksHelpdesk("sunco-65f1c0ffee", "Kustomer"));
    assertEquals(false, HandoverChoice.salesforceOnly().picksHelpdesk("web-1", "Kustomer"));
    for (var offer : choice.offers("web-1")) {
      assertNull(DemoBot.answer(offer.getPayload()), "a bot platform sending the payload asks for a human too");
    }
  }
}
