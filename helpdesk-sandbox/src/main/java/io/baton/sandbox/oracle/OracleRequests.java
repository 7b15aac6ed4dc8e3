package io.baton.sandbox.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.sandbox.kit.KitJson;
import io.baton.sandbox.oracle.OracleEngagements.Transaction;
import io.javalin.http.Context;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** Reading and checking the consumer side's request bodies; a bad one is a 400 that changes nothing. */
final class OracleRequests {
  /** {@code clientRequestTime}'s documented format, yyyy-MM-dd'T'HH:mm:ssXXX. */
  private static final DateTimeFormatter CLIENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  private static final Set<String> STRING_FIELDS = Set.of("firstName", "lastName", "emailAddress", "question");
  private static final Set<String> ID_FIELDS = Set.of("queueId", "interfaceId", "contactId", "incidentId",
      "productId", "categoryId", "organizationId");

  private OracleRequests() {
  }

  /** The body as a JSON object; an empty body reads as {@code {}}. */
  static JsonNode object(Context ctx) {
    String raw = ctx.body();
    if (raw == null || raw.isBlank()) {
      return JsonNodeFactory.instance.objectNode();
    }
    JsonNode body = KitJson.readOrNull(raw);
    if (body == null || !body.isObject()) {
      throw OracleError.badRequest("The request body must be a JSON object");
    }
    return body;
  }

  static Transaction transaction(JsonNode body) {
    JsonNode id = body.path("clientTransactionId");
    if (!id.isMissingNode() && !id.isNull() && !id.canConvertToLong()) {
      throw OracleError.invalidField("clientTransactionId must be an integer (int64)");
    }
    if (id.isNumber() && !id.isIntegralNumber()) {
      throw OracleError.invalidField("clientTransactionId must be an integer (int64)");
    }
    JsonNode time = body.path("clientRequestTime");
    if (!time.isMissingNode() && !time.isNull()) {
      if (!time.isTextual()) {
        throw OracleError.invalidField("clientRequestTime must be a string (yyyy-MM-dd'T'HH:mm:ssXXX)");
      }
      try {
        OffsetDateTime.parse(time.asText(), CLIENT_TIME);
      } catch (DateTimeParseException e) {
        throw OracleError.invalidField("clientRequestTime must be yyyy-MM-dd'T'HH:mm:ssXXX, not " + time.asText());
      }
    }
    return new Transaction(id.isNumber() ? id.asLong() : null, time.isTextual() ? time.asText() : null);
  }

  /**
   * {@code establishSessions}' session information: an object, or (as sample clients send it) a string holding one;
   * the documented attributes checked for their types.
   */
  static ObjectNode sessionInformation(JsonNode body) {
    JsonNode info = body.path("sessionInformation");
    if (info.isMissingNode() || info.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (info.isTextual()) {
      info = KitJson.readOrNull(info.asText());
    }
    if (info == null || !info.isObject()) {
      throw OracleError.badRequest("sessionInformation must be a JSON object (or a string holding one)");
    }
    for (String field : STRING_FIELDS) {
      JsonNode value = info.path(field);
      if (!value.isMissingNode() && !value.isNull() && !value.isTextual()) {
        throw OracleError.invalidField("sessionInformation." + field + " must be a string");
      }
    }
    for (String field : ID_FIELDS) {
      JsonNode value = info.path(field);
      if (!value.isMissingNode() && !value.isNull() && !value.isIntegralNumber()
          && !(value.isTextual() && value.asText().matches("\\d{1,18}"))) {
        throw OracleError.invalidField("sessionInformation." + field + " must be an integer");
      }
    }
    String email = info.path("emailAddress").asText("");
    if (!email.isEmpty() && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      throw OracleError.invalidField("sessionInformation.emailAddress is not an email address: " + email);
    }
    return (ObjectNode) info;
  }

  static String requiredText(JsonNode body, String field) {
    JsonNode value = body.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw OracleError.badRequest(field + " is required (a non-empty string)");
    }
    return value.asText();
  }

  static void optionalBoolean(JsonNode body, String field) {
    JsonNode value = body.path(field);
    if (!value.isMissingNode() && !value.isNull() && !value.isBoolean()) {
      throw OracleError.invalidField(field + " must be a boolean");
    }
  }
}
