package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
    DemoBot bot = new DemoBot(null, "http://localhost:8080", "key", "zendesk-sunco");
    assertEquals("{\"crmPlatform\": \"zendesk_sunco\", \"connectionId\": \"zendesk-sunco\","
        + " \"tags\": [\"baton\", \"demo\"]}", bot.handoverPayload("sunco-65f1c0ffee"));
    assertEquals(DemoBot.SEED_SALESFORCE_PAYLOAD, bot.handoverPayload("web-1"));
    assertEquals(DemoBot.SEED_SALESFORCE_PAYLOAD,
        new DemoBot(null, "http://localhost:8080", "key").handoverPayload("sunco-65f1c0ffee"));
  }
}
