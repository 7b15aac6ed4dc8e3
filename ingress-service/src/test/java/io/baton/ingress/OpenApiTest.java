package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The served OpenAPI document names exactly the routes Javalin serves, and its references resolve. */
@ExtendWith(KafkaBrokerExtension.class)
class OpenApiTest {
  static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
  static IngressService ingress;
  static TestClient anonymous;

  @BeforeAll
  static void start(KafkaBroker broker) {
    // with the dev endpoint on, so that every route there is is registered
    ingress = new IngressService(TestKeys.config().withSecurity(TestKeys.security().withDevTenant("demo")),
        KafkaSettings.of(broker.bootstrapServers()));
    ingress.start();
    anonymous = TestClient.anonymous(ingress.port());
  }

  @AfterAll
  static void stop() {
    ingress.stop();
  }

  @Test
  void theDocumentNamesExactlyTheServedRoutes() {
    TestClient.Response r = anonymous.get("/v1/openapi.json");
    assertEquals(200, r.status(), "served without a credential");
    assertTrue(r.contentType().startsWith("application/json"));
    JsonNode doc = r.json();
    assertEquals("3.0.3", doc.get("openapi").asText(), "3.0: what swagger-request-validator reads");

    Set<String> documented = new TreeSet<>();
    doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
      if (METHODS.contains(m.toUpperCase())) {
        documented.add(m.toUpperCase() + " " + p.getKey());
      }
    }));
    Set<String> served = new TreeSet<>();
    for (String route : ingress.routes()) {
      if (METHODS.contains(route.split(" ")[0])) {
        served.add(route);
      }
    }
    assertEquals(served, documented);
    assertTrue(served.size() >= 18, served.toString());
  }

  @Test
  void everyReferenceResolvesAndEveryPathParameterIsDeclared() {
    JsonNode doc = anonymous.get("/v1/openapi.json").json();
    List<String> missing = new ArrayList<>();
    Matcher refs = Pattern.compile("\"\\$ref\":\"#/components/schemas/([^\"]+)\"").matcher(doc.toString());
    while (refs.find()) {
      if (!doc.get("components").get("schemas").has(refs.group(1))) {
        missing.add(refs.group(1));
      }
    }
    assertEquals(List.of(), missing);
    doc.get("paths").fields().forEachRemaining(p -> {
      Matcher params = Pattern.compile("\\{([^}]+)}").matcher(p.getKey());
      while (params.find()) {
        String name = params.group(1);
        p.getValue().fields().forEachRemaining(op -> {
          boolean declared = false;
          for (JsonNode param : op.getValue().path("parameters")) {
            declared |= param.get("in").asText().equals("path") && param.get("name").asText().equals(name);
          }
          assertTrue(declared, op.getKey() + " " + p.getKey() + " does not declare {" + name + "}");
        });
      }
    });
  }

  /** The URL rule is one string, the server's: the document states it as is. */
  @Test
  void theDocumentsUrlPatternIsTheServers() {
    JsonNode schemas = anonymous.get("/v1/openapi.json").json().get("components").get("schemas");
    assertEquals(io.baton.ingress.http.HttpUrls.PATTERN,
        schemas.get("Attachment").get("properties").get("url").get("pattern").asText());
    assertEquals(io.baton.ingress.http.HttpUrls.PATTERN,
        schemas.get("WebhookRegistration").get("properties").get("url").get("pattern").asText());
  }
}
