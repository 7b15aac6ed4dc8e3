package io.baton.ingress.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.Connection;
import io.baton.ingress.http.FieldErrors;
import io.baton.ingress.http.Json;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Segment's Salesforce Live Agent destination, server side: a "Live Chat Conversation Started" track becomes the
 * Agent Handover payload of a Salesforce connection. The connection's settings hold the deployment
 * ({@code organizationId}, {@code deploymentId}, {@code buttonId}, {@code liveAgentHostname}) and three mappings, each
 * a JSON object of source name to Salesforce field: {@code contactMappings} (identify traits to Contact fields),
 * {@code accountMappings} (group traits to Account fields) and {@code caseMappings} (track properties to Case
 * fields). Every mapped value becomes a pre-chat detail the agent sees, mapped onto its entity, and every entity
 * with mapped values a pre-chat entity (the Contact found or created by its exact-match fields, linked to the Case;
 * the Account linked to the Contact), which is what the Live Agent SDK builds from Segment's settings.
 */
final class LiveAgentMapping {
  static final String[] DEPLOYMENT = {"organizationId", "deploymentId", "buttonId", "liveAgentHostname"};

  private LiveAgentMapping() {}

  /** The handover body, or errors recorded: a missing call, setting or mapping. */
  static ObjectNode handover(Connection connection, SegmentTraits.Known known, ObjectNode properties, String user,
      FieldErrors errors) {
    ObjectNode h = Json.object();
    h.put("crmPlatform", "salesforce");
    h.put("connectionId", connection.getConnectionId());
    for (String s : DEPLOYMENT) {
      String v = connection.getSettings().get(s);
      if (v == null || v.isBlank()) {
        errors.add("connectionId", "connection " + connection.getConnectionId() + " has no setting '" + s + "'");
      }
      h.put(s, v == null ? "" : v);
    }
    Map<String, String> contact = mapping(connection, "contactMappings", errors);
    Map<String, String> account = mapping(connection, "accountMappings", errors);
    Map<String, String> caseFields = mapping(connection, "caseMappings", errors);
    if (!contact.isEmpty() && known.userTraits() == null) {
      errors.add("userId", "the connection maps traits to Contact fields, but no identify call was made for user '"
          + user + "': call identify before Live Chat Conversation Started");
    }
    if (!account.isEmpty() && known.groupTraits() == null) {
      errors.add("userId", "the connection maps group traits to Account fields, but no group call was made for user '"
          + user + "': call group before Live Chat Conversation Started");
    }
    ArrayNode details = h.putArray("prechatDetails");
    ArrayNode entities = h.putArray("prechatEntities");
    entity(details, entities, "Contact", contact, known.userTraits(), "Case", "ContactId", "ContactId");
    entity(details, entities, "Account", account, known.groupTraits(), "Contact", "AccountId", "AccountId");
    entity(details, entities, "Case", caseFields, properties, null, null, "CaseId");
    h.put("isPost", true);
    h.put("receiveQueueUpdates", true);
    if (known.userTraits() != null) {
      String name = name(known.userTraits());
      if (name != null) {
        h.put("visitorName", name);
      }
      ObjectNode context = h.putObject("context");
      if (name != null) {
        context.put("name", name);
      }
      text(known.userTraits(), "email").ifPresent(e -> context.put("email", e));
      text(known.userTraits(), "phone").ifPresent(p -> context.put("phone", p));
    }
    return h;
  }

  private static void entity(ArrayNode details, ArrayNode entities, String entityName, Map<String, String> mapping,
      ObjectNode source, String linkTo, String linkField, String saveToTranscript) {
    if (source == null || mapping.isEmpty()) {
      return;
    }
    ArrayNode fieldMaps = null;
    for (Map.Entry<String, String> m : mapping.entrySet()) {
      JsonNode value = source.get(m.getKey());
      if (value == null || value.isNull() || value.isContainerNode()) {
        continue;
      }
      ObjectNode d = details.addObject();
      d.put("label", entityName + " " + m.getValue());
      d.put("value", value.asText());
      d.putArray("transcriptFields");
      d.put("displayToAgent", true);
      ObjectNode map = d.putArray("entityFieldMaps").addObject();
      map.put("entityName", entityName);
      map.put("fieldName", m.getValue());
      map.put("isFastFillable", false);
      map.put("isAutoQueryable", true);
      boolean exact = m.getValue().equalsIgnoreCase("Email") || m.getValue().equalsIgnoreCase("Name");
      map.put("isExactMatchable", exact);
      if (fieldMaps == null) {
        ObjectNode e = entities.addObject();
        e.put("entityName", entityName);
        e.put("showOnCreate", true);
        if (linkTo != null) {
          e.put("linkToEntityName", linkTo);
          e.put("linkToEntityField", linkField);
        }
        e.put("saveToTranscript", saveToTranscript);
        fieldMaps = e.putArray("entityFieldsMaps");
      }
      ObjectNode f = fieldMaps.addObject();
      f.put("fieldName", m.getValue());
      f.put("label", entityName + " " + m.getValue());
      f.put("doFind", exact);
      f.put("isExactMatch", exact);
      f.put("doCreate", true);
    }
  }

  private static Map<String, String> mapping(Connection c, String setting, FieldErrors errors) {
    Map<String, String> out = new LinkedHashMap<>();
    String raw = c.getSettings().get(setting);
    if (raw == null || raw.isBlank()) {
      return out;
    }
    try {
      JsonNode node = Json.MAPPER.readTree(raw);
      if (node != null && node.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
          Map.Entry<String, JsonNode> e = it.next();
          if (e.getValue().isTextual() && !e.getValue().textValue().isBlank()) {
            out.put(e.getKey(), e.getValue().textValue());
            continue;
          }
          errors.add("connectionId", "setting '" + setting + "' of connection " + c.getConnectionId()
              + " must map names to Salesforce field names");
          return Map.of();
        }
        return out;
      }
    } catch (IOException ignored) {
      // answered below
    }
    errors.add("connectionId", "setting '" + setting + "' of connection " + c.getConnectionId()
        + " must be a JSON object of source name to Salesforce field");
    return Map.of();
  }

  private static String name(ObjectNode traits) {
    var name = text(traits, "name");
    if (name.isPresent()) {
      return name.get();
    }
    String first = text(traits, "firstName").orElse("");
    String last = text(traits, "lastName").orElse("");
    String full = (first + " " + last).strip();
    return full.isEmpty() ? null : full;
  }

  private static java.util.Optional<String> text(ObjectNode o, String member) {
    JsonNode v = o.get(member);
    return v != null && v.isTextual() && !v.textValue().isBlank() ? java.util.Optional.of(v.textValue())
        : java.util.Optional.empty();
  }
}
