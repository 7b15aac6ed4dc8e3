package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed's Salesforce payload, unchanged (no connectionId), in a tenant with an Enhanced Chat connection: accepted
 * as it is, with that connection stamped on it for the router to send it to the MIAW connector.
 */
@ExtendWith(KafkaBrokerExtension.class)
class EnhancedChatHandoverTest {
  static final String TENANT = "acme.ec"; // its own tenant: the connections below apply to its seeds only
  static final String[] KEYS = {"Authorization", "Bearer " + TestKeys.bot(TENANT), "Content-Type",
      "application/json"};
  static KafkaBroker kafka;
  static IngressService ingress;
  static TestClient client;

  @RegisterExtension
  static final IngressUnderTest INGRESS = new IngressUnderTest();

  @BeforeAll
  static void start(KafkaBroker broker) {
    kafka = broker;
    ingress = INGRESS.service();
    client = new TestClient(ingress.port());
  }

  static TestClient.Response seed(String id) {
    return client.postJson("/v1/conversations/" + id + "/handover", Seeds.with(Seeds.SALESFORCE,
        HandoverApiTest.CONTEXT), KEYS);
  }

  static String connection(String orgId) {
    TestClient.Response r = client.postJson("/v1/connections", """
        {"platform": "salesforce", "name": "Enhanced Chat", "settings": {"api": "enhanced_chat",
         "scrtUrl": "acme.my.salesforce-scrt.com", "orgId": "%s", "esDeveloperName": "Web_Chat",
         "routing.5736g000000k9nQ": "Support_Queue"}}""".formatted(orgId), KEYS);
    assertEquals(201, r.status(), r.body());
    return r.json().get("connectionId").asText();
  }

  @Test
  void theUnchangedSeedGoesThroughTheTenantsEnhancedChatConnection() {
    String first = "ec-" + UUID.randomUUID();
    assertEquals(202, seed(first).status()); // no Enhanced Chat connection yet: Live Agent, as before
    assertEquals(null, TopicReader.singleInput(kafka, HandoverRequested.class, TENANT + "/" + first).getConnection());

    String connectionId = connection("00D6g000003Q6HIEAW");
    String id = "ec-" + UUID.randomUUID();
    assertEquals(202, seed(id).status());
    HandoverRequested request = TopicReader.singleInput(kafka, HandoverRequested.class, TENANT + "/" + id);
    assertEquals(Platform.salesforce, request.getPlatform());
    assertTrue(request.getPayload() instanceof SalesforceLiveAgentHandover);
    assertEquals(connectionId, request.getConnectionId());
    assertEquals("enhanced_chat", request.getConnection().getSettings().get("api"));
    assertEquals("Support_Queue", request.getConnection().getSettings().get("routing.5736g000000k9nQ"));

    connection("00DOTHERORG0001"); // two now: the org decides; one of another org only is a 422 naming connectionId
    String again = "ec-" + UUID.randomUUID();
    assertEquals(202, seed(again).status());
    assertEquals(connectionId, TopicReader.singleInput(kafka, HandoverRequested.class, TENANT + "/" + again)
        .getConnectionId());
    connection("00D6g000003Q6HI");
    TestClient.Response ambiguous = seed("ec-" + UUID.randomUUID());
    assertEquals(422, ambiguous.status(), ambiguous.body());
    assertTrue(ambiguous.body().contains("several of this tenant's Enhanced Chat connections have orgId"
        + " 00D6g000003Q6HI: send connectionId"), ambiguous.body());
  }
}
