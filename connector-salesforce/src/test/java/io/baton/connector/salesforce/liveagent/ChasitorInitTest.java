package io.baton.connector.salesforce.liveagent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SalesforceCustomDetail;
import io.baton.events.SalesforceEntity;
import io.baton.events.SalesforceEntityFieldMap;
import io.baton.events.SalesforceEntityFieldsMap;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every seed field of the handover payload lands in the ChasitorInit body, as Live Agent documents it. */
class ChasitorInitTest {
  @Test
  void everySeedFieldIsInTheBody() throws Exception {
    SalesforceLiveAgentHandover payload = SalesforceLiveAgentHandover.newBuilder()
        .setOrganizationId("00D6g000003Q6HI").setDeploymentId("5726g000000k9nQ").setButtonId("5736g000000k9nQ")
        .setLiveAgentHostname("d.la1-c2-ia4.salesforceliveagent.com").setLanguage("de-DE").setUserAgent("UA/2")
        .setVisitorName("Ada L.").setScreenResolution("1920x1080").setAgentId("0056g000000AbCd").setDoFallback(true)
        .setIsPost(true).setReceiveQueueUpdates(false)
        .setButtonOverrides(List.of("5736g000000k9nR", "0056g000000AbCd_5736g000000k9nQ"))
        .setPrechatDetails(List.of(SalesforceCustomDetail.newBuilder().setLabel("Email").setValue("ada@example.com")
            .setTranscriptFields(List.of("Email__c")).setDisplayToAgent(false)
            .setEntityFieldMaps(List.of(SalesforceEntityFieldMap.newBuilder().setEntityName("Contact")
                .setFieldName("Email").setIsExactMatchable(true).build()))
            .build()))
        .setPrechatEntities(List.of(SalesforceEntity.newBuilder().setEntityName("Contact").setShowOnCreate(true)
            .setLinkToEntityName("Case").setLinkToEntityField("ContactId").setSaveToTranscript("ContactId")
            .setEntityFieldsMaps(List.of(SalesforceEntityFieldsMap.newBuilder().setFieldName("Email").setLabel("Email")
                .setDoFind(true).setIsExactMatch(true).setDoCreate(false).build()))
            .build()))
        .build();
    HandoverRequested handover = HandoverRequested.newBuilder().setEventId("h1").setOccurredAt(Instant.EPOCH)
        .setTenant("acme").setConversationId("c1").setPlatform(Platform.salesforce).setPayload(payload)
        .setContext(VisitorContext.newBuilder().setName("ignored: the payload names the visitor")
            .setEmail("ada@example.com").build())
        .build();

    Map<String, Object> body = ChasitorInit.body("sess-1", handover,
        List.of(new TranscriptEntry(TranscriptRole.visitor, "I need a human", Instant.EPOCH)));
    String json = new ObjectMapper().writeValueAsString(body);
    assertEquals("{\"organizationId\":\"00D6g000003Q6HI\",\"deploymentId\":\"5726g000000k9nQ\","
        + "\"buttonId\":\"5736g000000k9nQ\",\"agentId\":\"0056g000000AbCd\",\"doFallback\":true,\"sessionId\":\"sess-1\","
        + "\"userAgent\":\"UA/2\",\"language\":\"de-DE\",\"screenResolution\":\"1920x1080\",\"visitorName\":\"Ada L.\","
        + "\"prechatDetails\":[{\"label\":\"Email\",\"value\":\"ada@example.com\",\"transcriptFields\":[\"Email__c\"],"
        + "\"displayToAgent\":false,\"entityFieldMaps\":[{\"entityName\":\"Contact\",\"fieldName\":\"Email\","
        + "\"isFastFillable\":false,\"isAutoQueryable\":false,\"isExactMatchable\":true}]},"
        + "{\"label\":\"Bot transcript\",\"value\":\"Visitor: I need a human\",\"transcriptFields\":[],\"displayToAgent\":true}],"
        + "\"prechatEntities\":[{\"entityName\":\"Contact\",\"showOnCreate\":true,\"linkToEntityName\":\"Case\","
        + "\"linkToEntityField\":\"ContactId\",\"saveToTranscript\":\"ContactId\",\"entityFieldsMaps\":[{\"fieldName\":"
        + "\"Email\",\"label\":\"Email\",\"doFind\":true,\"isExactMatch\":true,\"doCreate\":false}]}],"
        + "\"buttonOverrides\":[\"5736g000000k9nR\",\"0056g000000AbCd_5736g000000k9nQ\"],"
        + "\"receiveQueueUpdates\":false,\"isPost\":true}", json);
  }
}
