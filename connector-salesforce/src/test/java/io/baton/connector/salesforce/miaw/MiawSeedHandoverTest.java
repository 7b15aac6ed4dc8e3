package io.baton.connector.salesforce.miaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.SalesforceMiawHandover;
import io.baton.events.VisitorContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiawSeedHandoverTest {

  static final VisitorContext CONTEXT = VisitorContext.newBuilder().setName("Ada").setEmail("ada@example.com").build();

  @Test
  void everyFieldOfTheSeedBecomesARoutingAttribute() {
    SalesforceMiawHandover miaw = MiawSeedHandover.map(EnhancedChatSeeds.seed("Ada"),
        EnhancedChatSeeds.connection(Map.of()), CONTEXT, EnhancedChatSeeds.TRANSCRIPT);
    assertEquals("acme.my.salesforce-scrt.com", miaw.getScrtUrl());
    assertEquals("Web_Chat", miaw.getEsDeveloperName());
    assertEquals(EnhancedChatSeeds.attributes("routingTarget", "Support_Queue", "visitorName", "Ada", "email",
        "ada@example.com", "language", "en-US", "userAgent", "UA/1", "screenResolution", "1920x1080", "Email__c",
        "ada@example.com", "Contact_Email", "ada@example.com", "Case_Subject", "Order A-17", "Order_id", "A-17",
        "botTranscript", "visitor: I want a human\nbot: Connecting you"), miaw.getRoutingAttributes());
  }

  @Test
  void whatCannotBeMappedIsRefusedWithEveryReason() {
    MiawSeedHandover.Unmappable e = assertThrows(MiawSeedHandover.Unmappable.class, () -> MiawSeedHandover.map(
        SalesforceLiveAgentHandover.newBuilder(EnhancedChatSeeds.seed("Ada")).setButtonId("573OTHER")
            .setOrganizationId("00DOTHER").setAgentId("005x").build(),
        EnhancedChatSeeds.connection(Map.of("prechatFields",
            "routingTarget,visitorName,email,language,userAgent,screenResolution,"
                + "Email__c,Contact_Email,Case_Subject,botTranscript")),
        CONTEXT, EnhancedChatSeeds.TRANSCRIPT));
    assertEquals("the Live Agent payload cannot be mapped to Enhanced Chat: organizationId 00DOTHER is not the"
        + " Enhanced Chat org 00D6g000003Q6HIEAW; agentId and buttonOverrides (routing to one agent) have no Enhanced"
        + " Chat equivalent; no routing target for buttonId 573OTHER (setting 'routing.573OTHER'); prechat detail"
        + " 'Order id' fills 'Order_id', which is not a pre-chat field of deployment Web_Chat (setting"
        + " 'prechatFields'; or name it in 'omitFields' to leave it out)", e.getMessage());
  }
}
