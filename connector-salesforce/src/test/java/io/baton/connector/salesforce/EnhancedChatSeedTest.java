package io.baton.connector.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.ConnectorHost;
import io.baton.connector.salesforce.miaw.EnhancedChatSeeds;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.events.HandoverFailed;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import io.baton.sandbox.kit.DeskChat;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's Live Agent payload through an Enhanced Chat connection, as the router sends it to the MIAW connector:
 * a MIAW conversation whose agent sees every mapped field, or a HandoverFailed that says what could not be mapped.
 */
@ExtendWith(KafkaBrokerExtension.class)
class EnhancedChatSeedTest {
  static ConnectorFixture fx;
  static ConnectorHost host;

  @BeforeAll
  static void start(KafkaBroker broker) {
    fx = new ConnectorFixture(broker, Platform.salesforce_miaw, "sf-ec", UnaryOperator.identity());
    host = SalesforceConnector.miaw(
        SalesforceSeeds.config(fx, SalesforceConfig.LIVE_AGENT_LIMITS).withMiawUrl(fx.sandbox.miawUrl()),
        fx.settings);
    host.start();
  }

  @AfterAll
  static void stop() {
    host.stop();
    fx.close();
  }

  private static StartChat seed(String conversation, String visitorName, Map<String, String> settings) {
    HandoverRequested request = HandoverRequested.newBuilder().setEventId("h-" + conversation)
        .setOccurredAt(Instant.now()).setTenant(ConnectorFixture.TENANT).setConversationId(conversation)
        .setPlatform(Platform.salesforce).setPayload(EnhancedChatSeeds.seed(visitorName))
        .setConnectionId("sf-ec").setConnection(EnhancedChatSeeds.connection(settings))
        .setContext(VisitorContext.newBuilder().setName(visitorName).setEmail("ada@example.com").build()).build();
    return new StartChat(request, List.of(new TranscriptEntry(TranscriptRole.visitor, "I want a human",
        Instant.EPOCH), new TranscriptEntry(TranscriptRole.bot, "Connecting you", Instant.EPOCH)));
  }

  @Test
  void theSeedOpensAMiawConversationWithEveryMappedFieldOnTheAgentsDesk() {
    String conversation = "ec-" + UUID.randomUUID();
    fx.start(conversation, seed(conversation, "Grace", Map.of()));
    DeskChat[] found = new DeskChat[1];
    Eventually.until(ConnectorFixture.PATIENCE, "the conversation on the MIAW desk", () -> fx.desk("miaw").chats()
        .stream().filter(c -> "Grace".equals(c.visitorName())).findFirst().map(c -> found[0] = c).isPresent());
    assertEquals(EnhancedChatSeeds.attributes("routingTarget", "Support_Queue", "visitorName", "Grace", "email",
        "ada@example.com",
        "language", "en-US", "userAgent", "UA/1", "screenResolution", "1920x1080", "Email__c", "ada@example.com",
        "Contact_Email", "ada@example.com", "Case_Subject", "Order A-17", "Order_id", "A-17", "botTranscript",
        "visitor: I want a human\nbot: Connecting you"),
        found[0].context());
    fx.desk("miaw").accept(found[0].id(), "Alex");
    fx.agentEventsOf(conversation, 2); // queued, joined
  }

  @Test
  void anUnmappableSeedFailsTheHandoverWithTheReason() {
    String conversation = "ec-" + UUID.randomUUID();
    fx.start(conversation, seed(conversation, "Hedy", Map.of("prechatFields", "routingTarget,visitorName")));
    HandoverFailed failed = (HandoverFailed) fx.agentEventsOf(conversation, 1).get(0);
    assertTrue(failed.getReason().startsWith("the Live Agent payload cannot be mapped to Enhanced Chat: the visitor's"
        + " email fills 'email', which is not a pre-chat field of deployment Web_Chat"), failed.getReason());
    assertTrue(fx.desk("miaw").chats().stream().noneMatch(c -> "Hedy".equals(c.visitorName())));
  }
}
