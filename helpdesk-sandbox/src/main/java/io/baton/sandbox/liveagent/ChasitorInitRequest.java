package io.baton.sandbox.liveagent;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A validated ChasitorInit body. Validation follows the documented request body and data types
 * (CustomDetail, Entity, EntityFieldsMaps); fields outside the documented set are ignored, as a
 * lenient JSON server would.
 */
record ChasitorInitRequest(
    String organizationId,
    String deploymentId,
    String buttonId,
    String sessionId,
    String userAgent,
    String language,
    String screenResolution,
    String visitorName,
    List<Map<String, Object>> prechatDetails,
    List<Map<String, Object>> prechatEntities,
    boolean receiveQueueUpdates,
    boolean isPost) {

  /** A body that breaks the documented shape; the message says which field. */
  static final class InvalidRequest extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidRequest(String message) {
      super(message, null, false, false);
    }
  }

  static ChasitorInitRequest parse(String body) throws InvalidRequest {
    JsonNode root = Json.parseOrNull(body);
    if (root == null || !root.isObject()) {
      throw new InvalidRequest("ChasitorInit body must be a JSON object");
    }
    String organizationId = requiredText(root, "organizationId");
    String deploymentId = requiredText(root, "deploymentId");
    String buttonId = requiredText(root, "buttonId");
    String sessionId = requiredText(root, "sessionId");
    optionalText(root, "agentId");
    optionalBoolean(root, "doFallback");
    JsonNode overrides = optionalArray(root, "buttonOverrides");
    if (overrides != null) {
      for (JsonNode override : overrides) {
        if (!override.isTextual()) {
          throw new InvalidRequest("buttonOverrides must be an array of strings");
        }
      }
    }
    return new ChasitorInitRequest(
        organizationId, deploymentId, buttonId, sessionId,
        optionalText(root, "userAgent"),
        optionalText(root, "language"),
        optionalText(root, "screenResolution"),
        optionalText(root, "visitorName"),
        customDetails(optionalArray(root, "prechatDetails")),
        entities(optionalArray(root, "prechatEntities")),
        optionalBoolean(root, "receiveQueueUpdates"),
        optionalBoolean(root, "isPost"));
  }

  /**
   * CustomDetail {label*, value*, transcriptFields[], displayToAgent}. The official example also nests
   * entityFieldMaps in a detail, so both shapes pass; transcriptFields is not enforced because
   * public clients send details with only entityFieldMaps.
   */
  private static List<Map<String, Object>> customDetails(JsonNode array) throws InvalidRequest {
    if (array == null) {
      return List.of();
    }
    List<Map<String, Object>> details = new ArrayList<>();
    int i = 0;
    for (JsonNode detail : array) {
      String where = "prechatDetails[" + i++ + "]";
      if (!detail.isObject()) {
        throw new InvalidRequest(where + " must be a CustomDetail object");
      }
      requiredText(detail, "label", where);
      if (!detail.has("value") || !(detail.get("value").isValueNode() && !detail.get("value").isNull())) {
        throw new InvalidRequest(where + ".value is required");
      }
      JsonNode transcriptFields = optionalArray(detail, "transcriptFields", where);
      if (transcriptFields != null) {
        for (JsonNode field : transcriptFields) {
          if (!field.isTextual()) {
            throw new InvalidRequest(where + ".transcriptFields must be an array of strings");
          }
        }
      }
      optionalBoolean(detail, "displayToAgent", where);
      JsonNode maps = optionalArray(detail, "entityFieldMaps", where);
      if (maps != null) {
        int j = 0;
        for (JsonNode map : maps) {
          String mapWhere = where + ".entityFieldMaps[" + j++ + "]";
          if (!map.isObject()) {
            throw new InvalidRequest(mapWhere + " must be an object");
          }
          optionalText(map, "entityName", mapWhere);
          optionalText(map, "fieldName", mapWhere);
          optionalBoolean(map, "isFastFillable", mapWhere);
          optionalBoolean(map, "isAutoQueryable", mapWhere);
          optionalBoolean(map, "isExactMatchable", mapWhere);
        }
      }
      details.add(Json.frozenObject(detail));
    }
    return Collections.unmodifiableList(details);
  }

  /** Entity {entityName*, showOnCreate, linkToEntityName, linkToEntityField, saveToTranscript, entityFieldsMaps*[]}. */
  private static List<Map<String, Object>> entities(JsonNode array) throws InvalidRequest {
    if (array == null) {
      return List.of();
    }
    List<Map<String, Object>> entities = new ArrayList<>();
    int i = 0;
    for (JsonNode entity : array) {
      String where = "prechatEntities[" + i++ + "]";
      if (!entity.isObject()) {
        throw new InvalidRequest(where + " must be an Entity object");
      }
      requiredText(entity, "entityName", where);
      optionalBoolean(entity, "showOnCreate", where);
      optionalText(entity, "linkToEntityName", where);
      optionalText(entity, "linkToEntityField", where);
      optionalText(entity, "saveToTranscript", where);
      JsonNode maps = entity.get("entityFieldsMaps");
      if (maps == null || !maps.isArray()) {
        throw new InvalidRequest(where + ".entityFieldsMaps is required (array)");
      }
      int j = 0;
      for (JsonNode map : maps) {
        // EntityFieldsMaps: every field is required.
        String mapWhere = where + ".entityFieldsMaps[" + j++ + "]";
        if (!map.isObject()) {
          throw new InvalidRequest(mapWhere + " must be an EntityFieldsMaps object");
        }
        requiredText(map, "fieldName", mapWhere);
        requiredText(map, "label", mapWhere);
        requiredBoolean(map, "doFind", mapWhere);
        requiredBoolean(map, "isExactMatch", mapWhere);
        requiredBoolean(map, "doCreate", mapWhere);
      }
      entities.add(Json.frozenObject(entity));
    }
    return Collections.unmodifiableList(entities);
  }

  private static String requiredText(JsonNode node, String field) throws InvalidRequest {
    return requiredText(node, field, null);
  }

  private static String requiredText(JsonNode node, String field, String where) throws InvalidRequest {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new InvalidRequest(name(where, field) + " is required (non-empty string)");
    }
    return value.asText();
  }

  private static String optionalText(JsonNode node, String field) throws InvalidRequest {
    return optionalText(node, field, null);
  }

  private static String optionalText(JsonNode node, String field, String where) throws InvalidRequest {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidRequest(name(where, field) + " must be a string");
    }
    return value.asText();
  }

  private static boolean optionalBoolean(JsonNode node, String field) throws InvalidRequest {
    return optionalBoolean(node, field, null);
  }

  private static boolean optionalBoolean(JsonNode node, String field, String where) throws InvalidRequest {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new InvalidRequest(name(where, field) + " must be a boolean");
    }
    return value.asBoolean();
  }

  private static void requiredBoolean(JsonNode node, String field, String where) throws InvalidRequest {
    JsonNode value = node.get(field);
    if (value == null || !value.isBoolean()) {
      throw new InvalidRequest(name(where, field) + " is required (boolean)");
    }
  }

  private static JsonNode optionalArray(JsonNode node, String field) throws InvalidRequest {
    return optionalArray(node, field, null);
  }

  private static JsonNode optionalArray(JsonNode node, String field, String where) throws InvalidRequest {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw new InvalidRequest(name(where, field) + " must be an array");
    }
    return value;
  }

  private static String name(String where, String field) {
    return where == null ? field : where + "." + field;
  }
}
