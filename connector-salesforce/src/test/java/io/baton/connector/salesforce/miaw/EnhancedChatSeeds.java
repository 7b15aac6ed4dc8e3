package io.baton.connector.salesforce.miaw;

import io.baton.events.ConnectionSnapshot;
import io.baton.events.ConnectionStatus;
import io.baton.events.Platform;
import io.baton.events.SalesforceCustomDetail;
import io.baton.events.SalesforceEntity;
import io.baton.events.SalesforceEntityFieldMap;
import io.baton.events.SalesforceEntityFieldsMap;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The seed's Live Agent payload and an Enhanced Chat connection, for the tests of its mapping. */
public final class EnhancedChatSeeds {
  private EnhancedChatSeeds() {}

  /** An Enhanced Chat connection, as the ingress stamps it. */
  public static ConnectionSnapshot connection(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(Map.of("api", "enhanced_chat", "scrtUrl",
        "acme.my.salesforce-scrt.com", "orgId", "00D6g000003Q6HIEAW", "esDeveloperName", "Web_Chat",
        "routing.5736g000000k9nQ", "Support_Queue"));
    settings.putAll(extra);
    return ConnectionSnapshot.newBuilder().setConnectionId("sf-ec").setTenant("acme").setPlatform(Platform.salesforce)
        .setEnabled(true).setStatus(ConnectionStatus.active).setSettings(settings).build();
  }

  /** The seed payload with its placeholders filled, plus details as a bot and Segment's destination send them. */
  public static SalesforceLiveAgentHandover seed(String visitorName) {
    return SalesforceLiveAgentHandover.newBuilder().setOrganizationId("00D6g000003Q6HI")
        .setDeploymentId("5726g000000k9nQ").setButtonId("5736g000000k9nQ")
        .setLiveAgentHostname("d.la1-c2-ia4.salesforceliveagent.com").setLanguage("en-US").setUserAgent("UA/1")
        .setVisitorName(visitorName).setScreenResolution("1920x1080").setIsPost(true)
        .setPrechatDetails(List.of(
            SalesforceCustomDetail.newBuilder().setLabel("Email").setValue("ada@example.com")
                .setTranscriptFields(List.of("Email__c")).build(),
            SalesforceCustomDetail.newBuilder().setLabel("Contact Email").setValue("ada@example.com")
                .setEntityFieldMaps(List.of(SalesforceEntityFieldMap.newBuilder().setEntityName("Contact")
                    .setFieldName("Email").build()))
                .build(),
            SalesforceCustomDetail.newBuilder().setLabel("Case Subject").setValue("Order A-17").build(),
            SalesforceCustomDetail.newBuilder().setLabel("Order id").setValue("A-17").build()))
        .setPrechatEntities(List.of(SalesforceEntity.newBuilder().setEntityName("Case")
            .setEntityFieldsMaps(List.of(SalesforceEntityFieldsMap.newBuilder().setFieldName("Subject")
                .setLabel("Case Subject").build()))
            .build()))
        .build();
  }

  public static final List<TranscriptEntry> TRANSCRIPT = List.of(
      new TranscriptEntry(TranscriptRole.visitor, "I want a human", Instant.EPOCH),
      new TranscriptEntry(TranscriptRole.bot, "Connecting you", Instant.EPOCH));

  /** Name, value, name, value, ...: what the seed above maps to (Map.of takes ten pairs at most). */
  public static Map<String, String> attributes(String... pairs) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }
}
