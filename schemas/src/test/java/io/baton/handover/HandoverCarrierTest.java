package io.baton.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.events.ConnectionSnapshot;
import io.baton.events.ConnectionStatus;
import io.baton.events.DixaHandover;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.VisitorContext;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandoverCarrierTest {
  private static HandoverRequested.Builder liveAgent() {
    return HandoverRequested.newBuilder().setEventId("h1").setOccurredAt(Instant.EPOCH).setTenant("acme")
        .setConversationId("c-1").setPlatform(Platform.salesforce)
        .setPayload(SalesforceLiveAgentHandover.newBuilder().setOrganizationId("00D").setDeploymentId("572")
            .setButtonId("573").setLiveAgentHostname("la.example").build())
        .setContext(VisitorContext.newBuilder().build());
  }

  private static ConnectionSnapshot salesforce(Map<String, String> settings) {
    return new ConnectionSnapshot("sf-1", "acme", Platform.salesforce, true, ConnectionStatus.active, settings);
  }

  @Test
  void aLiveAgentPayloadOnAnEnhancedChatConnectionIsCarriedByMiaw() {
    assertEquals(Platform.salesforce_miaw, HandoverCarrier.of(liveAgent().setConnectionId("sf-1")
        .setConnection(salesforce(Map.of("api", "enhanced_chat"))).build()));
  }

  @Test
  void everythingElseIsCarriedByItsOwnPlatform() {
    assertEquals(Platform.salesforce, HandoverCarrier.of(liveAgent().build()));
    assertEquals(Platform.salesforce, HandoverCarrier.of(liveAgent().setConnectionId("sf-1")
        .setConnection(salesforce(Map.of("api", "liveagent"))).build()));
    // a snapshot without the request naming its connection does not count (as in the router)
    assertEquals(Platform.salesforce,
        HandoverCarrier.of(liveAgent().setConnection(salesforce(Map.of("api", "enhanced_chat"))).build()));
    assertEquals(Platform.dixa, HandoverCarrier.of(liveAgent().setPlatform(Platform.dixa)
        .setPayload(DixaHandover.newBuilder().setWidgetId("w").build()).build()));
  }
}
