package io.baton.ingress.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.VisitorContext;
import io.baton.ingress.http.FieldError;
import io.baton.ingress.http.FieldErrors;
import io.baton.ingress.http.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
  static final VisitorContext CONTEXT = VisitorContext.newBuilder()
      .setName("Ada").setEmail("a\"da@example.com").setPhone("+1 555")
      .setAttributes(Map.of("plan", "gold", "url", "from-attributes"))
      .setPageProperties(Map.of("userAgent", "UA/1", "screenRes", "800x600", "url", "https://page", "language", "en"))
      .build();

  static ObjectNode fill(String json, VisitorContext context, FieldErrors errors) throws Exception {
    ObjectNode node = (ObjectNode) Json.MAPPER.readTree(json);
    Placeholders.fill(node, context, Set.of("sessionInformation"), errors);
    return node;
  }

  @Test
  void fillsEveryKnownPlaceholderAnywhereInStrings() throws Exception {
    FieldErrors errors = new FieldErrors();
    ObjectNode filled = fill(
        """
            {"a": "{{visitorName}}", "b": "{{name}} <{{ email }}> {{phone}}", "c": ["{{userAgent}}", {"d": "{{screenRes}}"}],
             "e": "{{plan}} {{url}} {{language}}", "f": 3, "g": true, "h": null, "i": "no {placeholder}"}""",
        CONTEXT, errors);
    assertEquals(List.of(), errors.list());
    assertEquals(Json.MAPPER.readTree("""
        {"a": "Ada", "b": "Ada <a\\"da@example.com> +1 555", "c": ["UA/1", {"d": "800x600"}],
         "e": "gold from-attributes en", "f": 3, "g": true, "h": null, "i": "no {placeholder}"}"""), filled);
  }

  @Test
  void jsonTextIsFilledAsJsonSoItStaysValid() throws Exception {
    FieldErrors errors = new FieldErrors();
    ObjectNode filled = fill("{\"sessionInformation\": \"{\\\"emailAddress\\\" : \\\"{{email}}\\\"}\"}", CONTEXT,
        errors);
    assertEquals(List.of(), errors.list());
    assertEquals("{\"emailAddress\":\"a\\\"da@example.com\"}", filled.get("sessionInformation").textValue());
  }

  @Test
  void jsonTextWithoutPlaceholdersIsKeptVerbatim() throws Exception {
    ObjectNode filled = fill("{\"sessionInformation\": \"{\\\"emailAddress\\\" : \\\"x@y.z\\\"}\"}", CONTEXT,
        new FieldErrors());
    assertEquals("{\"emailAddress\" : \"x@y.z\"}", filled.get("sessionInformation").textValue());
  }

  @Test
  void missingValuesAreNamedWithWhereToSendThem() throws Exception {
    FieldErrors errors = new FieldErrors();
    VisitorContext empty = VisitorContext.newBuilder().setName(" ").build();
    fill("""
        {"email": "{{email}}", "visitorName": "{{visitorName}}", "userAgent": "{{userAgent}}",
         "prechatDetails": [{"value": "{{orderId}} and {{orderId}}"}]}""", empty, errors);
    assertEquals(List.of(
        new FieldError("email", "placeholder {{email}} in field 'email' has no value: send it in context.email"),
        new FieldError("visitorName",
            "placeholder {{visitorName}} in field 'visitorName' has no value: send it in context.name"),
        new FieldError("userAgent", "placeholder {{userAgent}} in field 'userAgent' has no value: send it in"
            + " context.pageProperties.userAgent"),
        new FieldError("prechatDetails[0].value", "placeholder {{orderId}} in field 'prechatDetails[0].value' has no"
            + " value: send it in context.attributes.orderId or context.pageProperties.orderId")),
        errors.list());
  }

  @Test
  void valuesAreNotScannedAgain() throws Exception {
    VisitorContext tricky = VisitorContext.newBuilder().setName("{{email}} $1 \\").build();
    FieldErrors errors = new FieldErrors();
    ObjectNode filled = fill("{\"name\": \"{{name}}\"}", tricky, errors);
    assertEquals(List.of(), errors.list());
    assertEquals("{{email}} $1 \\", filled.get("name").textValue());
  }
}
