package io.baton.router.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.ConnectorCommand;
import io.baton.events.Controller;
import io.baton.events.ConversationStatus;
import io.baton.events.HandoverRejected;
import io.baton.events.HandoverStarted;
import io.baton.events.Platform;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.StartChat;
import io.baton.router.switchboard.SwitchboardDriver.Logged;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The seed's Live Agent payload on a Salesforce connection goes to the connector of the API the connection names. */
class EnhancedChatTopologyTest {
  private static final Map<String, String> ENHANCED = Map.of("api", "enhanced_chat", "scrtUrl",
      "acme.my.salesforce-scrt.com", "orgId", "00D6g000003Q6HI", "esDeveloperName", "Web_Chat", "routing.573",
      "Support_Queue");

  private final SwitchboardDriver d = new SwitchboardDriver();
  private final TestOutputTopic<String, ConnectorCommand> miaw = d.commands(Platform.salesforce_miaw);

  @AfterEach
  void stop() {
    d.close();
  }

  @Test
  void anEnhancedChatConnectionSendsTheLiveAgentPayloadAsItIsToMiaw() {
    d.send(SwitchboardDriver.handoverOn("h1", ENHANCED).build());
    assertEquals(List.of(new Logged(1, "h1", Controller.agent, ConversationStatus.handover_requested,
        new HandoverStarted(Platform.salesforce_miaw, "sf-1"))), d.logged());
    ConnectorCommand start = miaw.readValue();
    assertEquals(Platform.salesforce_miaw, start.getPlatform());
    assertTrue(((StartChat) start.getBody()).getHandover().getPayload() instanceof SalesforceLiveAgentHandover);
    assertTrue(d.salesforce.isEmpty());
  }

  @Test
  void aLiveAgentConnectionStillGoesToLiveAgent() {
    d.send(SwitchboardDriver.handoverOn("h1", Map.of("api", "liveagent")).build());
    assertEquals(new HandoverStarted(Platform.salesforce, "sf-1"), d.logged().get(0).body());
    assertTrue(d.salesforce.readValue().getBody() instanceof StartChat);
    assertTrue(miaw.isEmpty());
  }

  @Test
  void whatTheConnectionCannotMapIsRejectedWithTheReason() {
    d.send(SwitchboardDriver.handoverOn("h1", Map.of("api", "enhanced_chat", "scrtUrl", "x", "orgId", "00D",
        "esDeveloperName", "Web_Chat", "routing.999", "Other_Queue")).build());
    d.send(SwitchboardDriver.handoverOn("h2", Map.of("api", "enhanced_chat")).build());
    d.send(SwitchboardDriver.handoverOn("h3", Map.of("api", "miaw")).build());
    assertEquals(List.of(
        new HandoverRejected("connection sf-1 uses Enhanced Chat and names no routing target for buttonId 573"
            + " (setting 'routing.573')"),
        new HandoverRejected("connection sf-1 uses Enhanced Chat but has no setting 'scrtUrl'"),
        new HandoverRejected("connection sf-1 has an unknown api 'miaw': liveagent or enhanced_chat")),
        d.logged().stream().map(Logged::body).toList());
    assertTrue(miaw.isEmpty() && d.salesforce.isEmpty());
  }
}
