package io.baton.ingress.handover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.baton.events.Chat2DeskHandover;
import io.baton.events.DixaHandover;
import io.baton.events.FreshchatHandover;
import io.baton.events.GorgiasHandover;
import io.baton.events.KustomerHandover;
import io.baton.events.OracleChatHandover;
import io.baton.events.Platform;
import io.baton.events.SalesforceCustomDetail;
import io.baton.events.SalesforceEntity;
import io.baton.events.SalesforceEntityFieldMap;
import io.baton.events.SalesforceEntityFieldsMap;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.SalesforceMiawHandover;
import io.baton.events.ZendeskSuncoHandover;
import io.baton.events.ZendeskSupportHandover;
import io.baton.ingress.http.Json;
import io.baton.ingress.http.JsonFields;
import org.apache.avro.specific.SpecificRecord;

/**
 * The typed handover payload of each platform, read from the bot's JSON with the field names bots already send.
 * Required fields are the ones a connector cannot open a chat without; members not listed are ignored.
 */
public final class PlatformPayloads {
  private PlatformPayloads() {}

  public static SpecificRecord read(Platform platform, JsonFields f) {
    return switch (platform) {
      case salesforce -> salesforce(f);
      case salesforce_miaw -> SalesforceMiawHandover.newBuilder()
          .setScrtUrl(f.requiredString("scrtUrl"))
          .setOrgId(f.requiredString("orgId"))
          .setEsDeveloperName(f.requiredString("esDeveloperName"))
          .setLanguage(f.optionalString("language"))
          .setRoutingAttributes(f.stringMap("routingAttributes"))
          .build();
      case zendesk_sunco -> ZendeskSuncoHandover.newBuilder()
          .setSkill(f.optionalString("skill"))
          .setTags(f.strings("tags"))
          .setMetadata(f.stringMap("metadata"))
          .setName(f.optionalString("name"))
          .setEmail(f.optionalString("email"))
          .setTicketFields(f.stringMap("ticketFields"))
          .build();
      case zendesk_support -> ZendeskSupportHandover.newBuilder()
          .setSubject(f.optionalString("subject"))
          .setName(f.optionalString("name"))
          .setEmail(f.optionalString("email"))
          .setGroupName(f.optionalString("groupName"))
          .setTags(f.strings("tags"))
          .setCustomFields(f.stringMap("customFields"))
          .setTicketId(f.optionalString("ticketId"))
          .build();
      case dixa -> DixaHandover.newBuilder()
          .setWidgetId(f.requiredString("widgetId"))
          .setQueueId(f.optionalString("queueId"))
          .setTags(f.strings("tags"))
          .setEmail(f.optionalString("email"))
          .build();
      case kustomer -> KustomerHandover.newBuilder()
          .setName(f.optionalString("name"))
          .setTags(f.strings("tags"))
          .setEmail(f.optionalString("email"))
          .setQueue(f.optionalString("queue"))
          .build();
      case freshchat -> FreshchatHandover.newBuilder()
          .setName(f.optionalString("name"))
          .setEmail(f.optionalString("email"))
          .build();
      case oracle_chat -> OracleChatHandover.newBuilder()
          .setSessionInformation(sessionInformation(f))
          .build();
      case gorgias -> GorgiasHandover.newBuilder()
          .setName(f.optionalString("name"))
          .setEmail(f.optionalString("email"))
          .setSubject(f.optionalString("subject"))
          .setTags(f.strings("tags"))
          .setTeam(f.optionalString("team"))
          .build();
      case chat2desk -> Chat2DeskHandover.newBuilder()
          .setOperatorId(f.optionalString("operatorId"))
          .setOperatorGroupId(f.optionalString("operatorGroupId"))
          .setForceAssign(f.bool("forceAssign", false))
          .build();
    };
  }

  private static SalesforceLiveAgentHandover salesforce(JsonFields f) {
    return SalesforceLiveAgentHandover.newBuilder()
        .setOrganizationId(f.requiredString("organizationId"))
        .setDeploymentId(f.requiredString("deploymentId"))
        .setButtonId(f.requiredString("buttonId"))
        .setLiveAgentHostname(f.requiredString("liveAgentHostname"))
        .setLanguage(f.optionalString("language"))
        .setUserAgent(f.optionalString("userAgent"))
        .setVisitorName(f.optionalString("visitorName"))
        .setScreenResolution(f.optionalString("screenResolution"))
        .setAgentId(f.optionalString("agentId"))
        .setDoFallback(f.optionalBool("doFallback"))
        .setIsPost(f.bool("isPost", false))
        .setReceiveQueueUpdates(f.bool("receiveQueueUpdates", true))
        .setButtonOverrides(f.strings("buttonOverrides"))
        .setPrechatDetails(f.objects("prechatDetails", PlatformPayloads::customDetail))
        .setPrechatEntities(f.objects("prechatEntities", PlatformPayloads::entity))
        .build();
  }

  /** Salesforce CustomDetail: a label and a value (which may be empty), optionally mapped onto records. */
  private static SalesforceCustomDetail customDetail(JsonFields f) {
    return SalesforceCustomDetail.newBuilder()
        .setLabel(f.requiredString("label"))
        .setValue(f.presentString("value"))
        .setTranscriptFields(f.strings("transcriptFields"))
        .setDisplayToAgent(f.bool("displayToAgent", true))
        .setEntityFieldMaps(f.objects("entityFieldMaps", m -> SalesforceEntityFieldMap.newBuilder()
            .setEntityName(m.optionalString("entityName"))
            .setFieldName(m.requiredString("fieldName"))
            .setIsFastFillable(m.bool("isFastFillable", false))
            .setIsAutoQueryable(m.bool("isAutoQueryable", false))
            .setIsExactMatchable(m.bool("isExactMatchable", false))
            .build()))
        .build();
  }

  /** Salesforce Entity: a record to find or create from the pre-chat details. */
  private static SalesforceEntity entity(JsonFields f) {
    return SalesforceEntity.newBuilder()
        .setEntityName(f.requiredString("entityName"))
        .setShowOnCreate(f.bool("showOnCreate", false))
        .setLinkToEntityName(f.optionalString("linkToEntityName"))
        .setLinkToEntityField(f.optionalString("linkToEntityField"))
        .setSaveToTranscript(f.optionalString("saveToTranscript"))
        .setEntityFieldsMaps(f.objects("entityFieldsMaps", m -> SalesforceEntityFieldsMap.newBuilder()
            .setFieldName(m.requiredString("fieldName"))
            .setLabel(m.requiredString("label"))
            .setDoFind(m.bool("doFind", false))
            .setIsExactMatch(m.bool("isExactMatch", false))
            .setDoCreate(m.bool("doCreate", false))
            .build()))
        .build();
  }

  /** Oracle takes it as JSON text; checking it parses here spares the connector a chat that fails at the helpdesk. */
  private static String sessionInformation(JsonFields f) {
    boolean present = f.has("sessionInformation");
    String text = f.requiredString("sessionInformation");
    if (!present || text.isEmpty()) {
      return text;
    }
    JsonNode parsed;
    try {
      parsed = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      parsed = null;
    }
    if (parsed == null || !parsed.isObject()) {
      f.errors().add(f.path("sessionInformation"), "'" + f.path("sessionInformation")
          + "' must be a JSON object in a string, e.g. \"{\\\"emailAddress\\\":\\\"ada@example.com\\\"}\"");
    }
    return text;
  }
}
