package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SalesforceCustomDetail;
import io.baton.events.SalesforceEntity;
import io.baton.events.SalesforceEntityFieldsMap;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Segment's identify, group and the Live Chat Conversation Started track, mapped into a Live Agent handover. */
@ExtendWith(KafkaBrokerExtension.class)
class SegmentApiTest {
  static final String TENANT = "acme.eu-1"; // its own tenant: exactly one active Salesforce connection
  static KafkaBroker kafka;
  static IngressService ingress;
  static TestClient client;
  static String connectionId;

  @RegisterExtension
  static final IngressUnderTest INGRESS = new IngressUnderTest();

  @BeforeAll
  static void start(KafkaBroker broker) {
    kafka = broker;
    ingress = INGRESS.service();
    client = new TestClient(ingress.port());
    TestClient.Response c = post("/v1/connections", """
        {"platform": "salesforce", "name": "Live Agent (Segment)", "settings": {
          "organizationId": "00D3D000000FObV", "deploymentId": "5723D000000FOb1", "buttonId": "5733D000000FOc2",
          "liveAgentHostname": "d.la3-c1cs-phx.salesforceliveagent.com",
          "contactMappings": "{\\"email\\": \\"Email\\", \\"lastName\\": \\"LastName\\"}",
          "accountMappings": "{\\"name\\": \\"Name\\"}",
          "caseMappings": "{\\"subject\\": \\"Subject\\"}"}}""");
    assertEquals(201, c.status(), c.body());
    connectionId = c.json().get("connectionId").asText();
  }

  static TestClient.Response post(String path, String body) {
    return client.postJson(path, body, "X-Baton-Tenant", TENANT);
  }

  @Test
  void identifyGroupAndTrackMakeTheMappedHandover() {
    String user = "user-" + UUID.randomUUID();
    String conversation = "segment-" + UUID.randomUUID();
    assertEquals(200, post("/v1/segment/identify", "{\"userId\": \"" + user + "\", \"traits\": {\"email\":"
        + " \"ada@example.com\", \"firstName\": \"Ada\", \"lastName\": \"Lovelace\", \"plan\": \"pro\"}}").status());
    // a later identify merges over the earlier traits
    assertEquals(200, post("/v1/segment/identify", "{\"userId\": \"" + user + "\", \"traits\": {\"email\":"
        + " \"ada@lovelace.org\"}}").status());
    TestClient.Response g = post("/v1/segment/group", "{\"userId\": \"" + user + "\", \"groupId\": \"g-1\","
        + " \"traits\": {\"name\": \"Analytical Engines Ltd\", \"employees\": 12}}");
    assertEquals("{\"user\":\"" + user + "\",\"userTraits\":4,\"groupId\":\"g-1\",\"groupTraits\":2}", g.body());
    assertEquals("{\"event\":\"Order Completed\",\"handover\":false}", post("/v1/segment/track", "{\"userId\": \""
        + user + "\", \"event\": \"Order Completed\"}").body());

    TestClient.Response t = post("/v1/segment/track", "{\"userId\": \"" + user + "\", \"event\": \"Live Chat"
        + " Conversation Started\", \"properties\": {\"conversation_id\": \"" + conversation + "\", \"subject\":"
        + " \"My engine computes wrongly\"}}");
    assertEquals(202, t.status(), t.body());
    HandoverRequested h = TopicReader.singleInput(kafka, HandoverRequested.class, TENANT + "/" + conversation);
    assertEquals(t.json().get("handoverId").asText(), h.getEventId());
    assertEquals(Platform.salesforce, h.getPlatform());
    assertEquals(connectionId, h.getConnectionId());
    assertEquals("ada@lovelace.org", h.getContext().getEmail());
    SalesforceLiveAgentHandover p = (SalesforceLiveAgentHandover) h.getPayload();
    assertEquals("00D3D000000FObV", p.getOrganizationId());
    assertEquals("5723D000000FOb1", p.getDeploymentId());
    assertEquals("5733D000000FOc2", p.getButtonId());
    assertEquals("d.la3-c1cs-phx.salesforceliveagent.com", p.getLiveAgentHostname());
    assertEquals("Ada Lovelace", p.getVisitorName());
    assertEquals(List.of("Contact Email=ada@lovelace.org", "Contact LastName=Lovelace",
        "Account Name=Analytical Engines Ltd", "Case Subject=My engine computes wrongly"),
        p.getPrechatDetails().stream().map(d -> d.getLabel() + "=" + d.getValue()).toList());
    SalesforceCustomDetail email = p.getPrechatDetails().get(0);
    assertEquals("Contact", email.getEntityFieldMaps().get(0).getEntityName());
    assertEquals("Email", email.getEntityFieldMaps().get(0).getFieldName());
    assertTrue(email.getEntityFieldMaps().get(0).getIsExactMatchable());
    assertEquals(List.of("Contact>Case.ContactId:ContactId", "Account>Contact.AccountId:AccountId",
        "Case>null.null:CaseId"),
        p.getPrechatEntities().stream().map(e -> e.getEntityName() + ">"
            + e.getLinkToEntityName() + "." + e.getLinkToEntityField() + ":" + e.getSaveToTranscript()).toList());
    SalesforceEntity contact = p.getPrechatEntities().get(0);
    assertEquals(List.of("Email:find", "LastName:create"), contact.getEntityFieldsMaps().stream()
        .map(SegmentApiTest::describe).toList());
  }

  static String describe(SalesforceEntityFieldsMap m) {
    return m.getFieldName() + ":" + (m.getDoFind() && m.getIsExactMatch() ? "find" : "create");
  }

  @Test
  void aHandoverNeedingTraitsThatWereNeverSentSaysWhichCallIsMissing() {
    String user = "stranger-" + UUID.randomUUID();
    TestClient.Response t = post("/v1/segment/track", "{\"anonymousId\": \"" + user + "\", \"event\": \"Live Chat"
        + " Conversation Started\", \"properties\": {\"conversation_id\": \"seg-" + UUID.randomUUID() + "\"}}");
    assertEquals(422, t.status(), t.body());
    assertEquals("the connection maps traits to Contact fields, but no identify call was made for user '" + user
        + "': call identify before Live Chat Conversation Started; the connection maps group traits to Account"
        + " fields, but no group call was made for user '" + user + "': call group before Live Chat Conversation"
        + " Started", t.json().get("detail").asText());

    // identified but never grouped: only the group call is missing
    post("/v1/segment/identify", "{\"anonymousId\": \"" + user + "\", \"traits\": {\"email\": \"x@y.z\"}}");
    TestClient.Response again = post("/v1/segment/track", "{\"anonymousId\": \"" + user + "\", \"event\": \"Live"
        + " Chat Conversation Started\", \"properties\": {\"conversation_id\": \"seg-" + UUID.randomUUID() + "\"}}");
    assertEquals(422, again.status());
    assertTrue(again.json().get("detail").asText().contains("call group before"), again.body());
    assertTrue(!again.json().get("detail").asText().contains("call identify"), again.body());
  }

  @Test
  void badCallsAreRefusedNamingTheField() {
    assertEquals("userId", post("/v1/segment/identify", "{\"traits\": {}}").json().get("errors").get(0)
        .get("field").asText());
    assertEquals("traits", post("/v1/segment/identify", "{\"userId\": \"u\", \"traits\": []}").json()
        .get("errors").get(0).get("field").asText());
    assertEquals("groupId", post("/v1/segment/group", "{\"userId\": \"u\"}").json().get("errors").get(0)
        .get("field").asText());
    assertEquals("properties.conversationId", post("/v1/segment/track", "{\"userId\": \"u\", \"event\":"
        + " \"Live Chat Conversation Started\"}").json().get("errors").get(0).get("field").asText());
    assertEquals("properties.connectionId", post("/v1/segment/track", "{\"userId\": \"u\", \"event\": \"Live Chat"
        + " Conversation Started\", \"properties\": {\"conversation_id\": \"c\", \"connectionId\": \"nope\"}}")
        .json().get("errors").get(0).get("field").asText());
  }
}
