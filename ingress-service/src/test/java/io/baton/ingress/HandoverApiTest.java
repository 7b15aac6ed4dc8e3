package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.events.Chat2DeskHandover;
import io.baton.events.ConnectionSnapshot;
import io.baton.events.ConnectionStatus;
import io.baton.events.DixaHandover;
import io.baton.events.GorgiasHandover;
import io.baton.events.SalesforceMiawHandover;
import io.baton.events.ZendeskSuncoHandover;
import io.baton.events.ZendeskSupportHandover;
import io.baton.events.FreshchatHandover;
import io.baton.events.HandoverRequested;
import io.baton.events.KustomerHandover;
import io.baton.events.OracleChatHandover;
import io.baton.events.Platform;
import io.baton.events.SalesforceCustomDetail;
import io.baton.events.SalesforceEntity;
import io.baton.events.SalesforceEntityFieldsMap;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationStatus;
import io.baton.events.VisitorMessage;
import io.baton.testkit.Eventually;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(KafkaBrokerExtension.class)
class HandoverApiTest {
  static final String CONTEXT = """
      "context": {"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+44 20 7946 0000",
        "attributes": {"plan": "gold"},
        "pageProperties": {"userAgent": "Mozilla/5.0 (X11; Linux x86_64)", "screenRes": "1920x1080"}}""";
  static final VisitorContext ADA = VisitorContext.newBuilder()
      .setName("Ada Lovelace").setEmail("ada@example.com").setPhone("+44 20 7946 0000")
      .setAttributes(Map.of("plan", "gold"))
      .setPageProperties(Map.of("userAgent", "Mozilla/5.0 (X11; Linux x86_64)", "screenRes", "1920x1080"))
      .build();

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
    // the seeds name these connections: they must exist, active, in the tenant and of the platform
    for (String[] c : new String[][] {{"96f2fc68-beb0-48f4-9efc-78b399205e00", "dixa"},
        {"35b956ad-8f96-4adc-9417-d6d37cafa6c2", "kustomer"}, {"3b26e44a-9293-4e1b-9a31-d9667457334c", "freshchat"},
        {"6038fb60-c16c-4b67-8443-3ea21ae08d85", "oracle_chat"}, {"zd-sunco", "zendesk_sunco"},
        {"zd-support", "zendesk_support"}}) {
      TestClient.Response r = client.postJson("/v1/connections", "{\"connectionId\": \"" + c[0]
          + "\", \"platform\": \"" + c[1] + "\", \"name\": \"seed " + c[1] + "\"}");
      assertEquals(201, r.status(), r.body());
      assertEquals("active", r.json().get("status").asText());
    }
  }

  static String newId() {
    return "handover-" + UUID.randomUUID();
  }

  /** Posts a handover and returns the record it produced, checking the 202 answer on the way. */
  static HandoverRequested handover(String tenant, String id, String body, String... headers) {
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    TestClient.Response r = client.postJson("/v1/conversations/" + id + "/handover", body, headers);
    assertEquals(202, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/json"), r.contentType());
    JsonNode answer = r.json();
    assertEquals(id, answer.get("conversationId").asText());
    assertEquals(2, answer.size(), r.body());
    HandoverRequested record = TopicReader.singleInput(kafka, HandoverRequested.class, tenant + "/" + id);
    assertEquals(answer.get("handoverId").asText(), record.getEventId());
    UUID.fromString(record.getEventId());
    assertTrue(!record.getOccurredAt().isBefore(before) && !record.getOccurredAt().isAfter(Instant.now()),
        record.getOccurredAt().toString());
    return record;
  }

  static HandoverRequested.Builder expected(HandoverRequested actual, String tenant, String id) {
    return HandoverRequested.newBuilder().setEventId(actual.getEventId()).setOccurredAt(actual.getOccurredAt())
        .setTenant(tenant).setConversationId(id);
  }

  /** The snapshot a handover naming one of the seeds' connections carries: as created above, no settings. */
  static ConnectionSnapshot seedConnection(String connectionId, Platform platform) {
    return new ConnectionSnapshot(connectionId, "demo", platform, true, ConnectionStatus.active, Map.of());
  }

  @Test
  void theNamedConnectionIsStampedOnTheRequestAsKnownThenWithoutSecrets() {
    String[] keys = {"Authorization", "Bearer " + TestKeys.bot("acme"), "Content-Type", "application/json"};
    TestClient.Response created = client.postJson("/v1/connections", """
        {"platform": "gorgias", "name": "Gorgias EU", "settings": {"region": "eu", "team": "7"},
         "secrets": {"apiKey": "s3cret-never-copied"}}""", keys);
    assertEquals(201, created.status(), created.body());
    String connectionId = created.json().get("connectionId").asText();
    String id = newId();
    HandoverRequested actual = handover("acme", id, "{\"crmPlatform\": \"gorgias\", \"connectionId\": \""
        + connectionId + "\"}", keys);
    assertEquals(new ConnectionSnapshot(connectionId, "acme", Platform.gorgias, true, ConnectionStatus.active,
        Map.of("region", "eu", "team", "7")), actual.getConnection());
    assertTrue(!actual.toString().contains("s3cret"), actual.toString());
    // no connection named: none stamped (the router decides as before)
    assertEquals(null, handover("acme", newId(), "{\"crmPlatform\": \"gorgias\"}", keys).getConnection());
  }

  @Test
  void aZendeskHandoverNamingNoConnectionGoesToTheTenantsOnlyOne() {
    String[] keys = {"Authorization", "Bearer " + TestKeys.bot("globex"), "Content-Type", "application/json"};
    TestClient.Response none = client.postJson("/v1/conversations/" + newId() + "/handover",
        "{\"crmPlatform\": \"sunco\"}", keys);
    assertEquals(422, none.status(), none.body());
    assertEquals("no connectionId is sent and this tenant has no active zendesk_sunco connections: send connectionId",
        none.json().get("errors").get(0).get("message").asText(), none.body());

    TestClient.Response created = client.postJson("/v1/connections",
        "{\"connectionId\": \"globex-zd-1\", \"platform\": \"zendesk_sunco\", \"name\": \"Zendesk\"}", keys);
    assertEquals(201, created.status(), created.body());
    HandoverRequested stamped = handover("globex", newId(), "{\"crmPlatform\": \"sunco\"}", keys);
    assertEquals("globex-zd-1", stamped.getConnectionId());
    assertEquals(new ConnectionSnapshot("globex-zd-1", "globex", Platform.zendesk_sunco, true,
        ConnectionStatus.active, Map.of()), stamped.getConnection());

    assertEquals(201, client.postJson("/v1/connections",
        "{\"connectionId\": \"globex-zd-2\", \"platform\": \"zendesk_sunco\", \"name\": \"Zendesk 2\"}", keys)
        .status());
    TestClient.Response two = client.postJson("/v1/conversations/" + newId() + "/handover",
        "{\"crmPlatform\": \"zendesk_sunco\"}", keys);
    assertEquals(422, two.status(), two.body());
    assertEquals("no connectionId is sent and this tenant has 2 active zendesk_sunco connections: send connectionId",
        two.json().get("errors").get(0).get("message").asText(), two.body());
  }

  static SalesforceLiveAgentHandover.Builder seedSalesforce() {
    return SalesforceLiveAgentHandover.newBuilder()
        .setOrganizationId("00D6g000003Q6HI").setDeploymentId("5726g000000k9nQ").setButtonId("5736g000000k9nQ")
        .setLiveAgentHostname("d.la1-c2-ia4.salesforceliveagent.com").setLanguage("en-US")
        .setAgentId(null).setDoFallback(null).setIsPost(true).setReceiveQueueUpdates(true)
        .setButtonOverrides(List.of()).setPrechatDetails(List.of()).setPrechatEntities(List.of());
  }

  @Test
  void salesforceSeedVerbatimWithContextBecomesTheExactRecord() {
    String id = newId();
    HandoverRequested actual = handover("demo", id, Seeds.with(Seeds.SALESFORCE, CONTEXT));
    HandoverRequested want = expected(actual, "demo", id)
        .setPlatform(Platform.salesforce).setConnectionId(null)
        .setPayload(seedSalesforce().setUserAgent("Mozilla/5.0 (X11; Linux x86_64)").setVisitorName("Ada Lovelace")
            .setScreenResolution("1920x1080").build())
        .setContext(ADA).setTranscript(null)
        .build();
    assertEquals(want, actual);
  }

  @Test
  void transcriptAndTenantHeaderAndPrechatPlaceholdersAreCarried() {
    String id = newId();
    String body = Seeds.with(Seeds.SALESFORCE.replace("\"prechatDetails\": []", """
        "prechatDetails": [
          {"label": "Email", "value": "{{email}}", "transcriptFields": ["Email__c"], "displayToAgent": true,
           "entityFieldMaps": [{"entityName": "Contact", "fieldName": "Email", "isExactMatchable": true}]},
          {"label": "Plan", "value": "plan {{ plan }} via {{url}}", "displayToAgent": false}
        ]""").replace("\"prechatEntities\": []", """
        "prechatEntities": [{"entityName": "Contact", "saveToTranscript": "Contact",
          "entityFieldsMaps": [{"fieldName": "Email", "label": "Email", "doFind": true, "isExactMatch": true,
                                "doCreate": false}]}]"""),
        CONTEXT.replace("\"screenRes\": \"1920x1080\"", "\"screenRes\": \"1920x1080\", \"url\": \"https://shop/x\"")
            + ", \"transcript\": [{\"role\": \"visitor\", \"text\": \"I need a human\", \"at\": \"2025-05-01T10:15:30Z\"},"
            + " {\"role\": \"bot\", \"text\": \"Connecting you\", \"at\": \"2025-05-01T12:15:31.250+02:00\"}]");
    HandoverRequested actual = handover("acme", id, body, "X-Baton-Tenant", "acme");

    assertEquals("acme", actual.getTenant());
    SalesforceLiveAgentHandover payload = (SalesforceLiveAgentHandover) actual.getPayload();
    assertEquals(List.of(
        SalesforceCustomDetail.newBuilder().setLabel("Email").setValue("ada@example.com")
            .setTranscriptFields(List.of("Email__c")).setDisplayToAgent(true)
            .setEntityFieldMaps(List.of(io.baton.events.SalesforceEntityFieldMap.newBuilder()
                .setEntityName("Contact").setFieldName("Email").setIsExactMatchable(true).build()))
            .build(),
        SalesforceCustomDetail.newBuilder().setLabel("Plan").setValue("plan gold via https://shop/x")
            .setDisplayToAgent(false).build()),
        payload.getPrechatDetails());
    assertEquals(List.of(SalesforceEntity.newBuilder().setEntityName("Contact").setSaveToTranscript("Contact")
        .setEntityFieldsMaps(List.of(SalesforceEntityFieldsMap.newBuilder().setFieldName("Email").setLabel("Email")
            .setDoFind(true).setIsExactMatch(true).setDoCreate(false).build()))
        .build()), payload.getPrechatEntities());
    assertEquals(List.of(
        new TranscriptEntry(TranscriptRole.visitor, "I need a human", Instant.parse("2025-05-01T10:15:30Z")),
        new TranscriptEntry(TranscriptRole.bot, "Connecting you", Instant.parse("2025-05-01T10:15:31.250Z"))),
        actual.getTranscript());
  }

  @Test
  void dixaSeed() {
    String id = newId();
    HandoverRequested actual = handover("demo", id, Seeds.with(Seeds.DIXA, CONTEXT));
    assertEquals(expected(actual, "demo", id).setPlatform(Platform.dixa)
        .setConnectionId("96f2fc68-beb0-48f4-9efc-78b399205e00")
        .setConnection(seedConnection("96f2fc68-beb0-48f4-9efc-78b399205e00", Platform.dixa))
        .setPayload(DixaHandover.newBuilder().setWidgetId("a4fda39e-0d78-40a4-afbd-b2d35d0b2a3a")
            .setQueueId("8d921a1c-8da5-4788-b787-21024c230787").setTags(List.of("some", "tag"))
            .setEmail("ada@example.com").build())
        .setContext(ADA).setTranscript(null).build(), actual);
  }

  @Test
  void kustomerSeed() {
    String id = newId();
    HandoverRequested actual = handover("demo", id, Seeds.with(Seeds.KUSTOMER, CONTEXT));
    assertEquals(expected(actual, "demo", id).setPlatform(Platform.kustomer)
        .setConnectionId("35b956ad-8f96-4adc-9417-d6d37cafa6c2")
        .setConnection(seedConnection("35b956ad-8f96-4adc-9417-d6d37cafa6c2", Platform.kustomer))
        .setPayload(KustomerHandover.newBuilder().setName("Test enduser").setTags(List.of("some", "tag"))
            .setEmail("ada@example.com").setQueue(null).build())
        .setContext(ADA).setTranscript(null).build(), actual);
  }

  @Test
  void freshchatSeed() {
    String id = newId();
    HandoverRequested actual = handover("demo", id, Seeds.with(Seeds.FRESHCHAT, CONTEXT));
    assertEquals(expected(actual, "demo", id).setPlatform(Platform.freshchat)
        .setConnectionId("3b26e44a-9293-4e1b-9a31-d9667457334c")
        .setConnection(seedConnection("3b26e44a-9293-4e1b-9a31-d9667457334c", Platform.freshchat))
        .setPayload(FreshchatHandover.newBuilder().setName("Ada Lovelace").setEmail("ada@example.com").build())
        .setContext(ADA).setTranscript(null).build(), actual);
  }

  @Test
  void oracleSeedWithoutContext() {
    String id = newId();
    HandoverRequested actual = handover("demo", id, Seeds.ORACLE);
    assertEquals(expected(actual, "demo", id).setPlatform(Platform.oracle_chat)
        .setConnectionId("6038fb60-c16c-4b67-8443-3ea21ae08d85")
        .setConnection(seedConnection("6038fb60-c16c-4b67-8443-3ea21ae08d85", Platform.oracle_chat))
        .setPayload(OracleChatHandover.newBuilder()
            .setSessionInformation("{\"emailAddress\" : \"[email protected]\"}").build())
        .setContext(VisitorContext.newBuilder().build()).setTranscript(null).build(), actual);
  }

  @Test
  void theOtherPlatformsGetTheirTypedPayloads() {
    record Expect(String body, Object payload) {}
    for (Expect e : List.of(
        new Expect("{\"crmPlatform\": \"salesforce_miaw\", \"scrtUrl\": \"https://x.my.salesforce-scrt.com\","
            + " \"orgId\": \"00D\", \"esDeveloperName\": \"Web\", \"routingAttributes\": {\"plan\": \"{{plan}}\"}}",
            SalesforceMiawHandover.newBuilder().setScrtUrl("https://x.my.salesforce-scrt.com").setOrgId("00D")
                .setEsDeveloperName("Web").setRoutingAttributes(Map.of("plan", "gold")).build()),
        new Expect("{\"crmPlatform\": \"zendesk_sunco\", \"skill\": \"billing\", \"tags\": [\"vip\"],"
            + " \"metadata\": {\"email\": \"{{email}}\"}}",
            ZendeskSuncoHandover.newBuilder().setSkill("billing").setTags(List.of("vip"))
                .setMetadata(Map.of("email", "ada@example.com")).build()),
        new Expect("{\"crmPlatform\": \"sunco\", \"name\": \"{{name}}\", \"email\": \"{{email}}\","
            + " \"ticketFields\": {\"360001\": \"gold\"}}",
            ZendeskSuncoHandover.newBuilder().setName("Ada Lovelace").setEmail("ada@example.com")
                .setTicketFields(Map.of("360001", "gold")).build()),
        new Expect(
            "{\"crmPlatform\": \"zendesk_support\", \"subject\": \"Chat with {{name}}\", \"email\": \"{{email}}\"}",
            ZendeskSupportHandover.newBuilder().setSubject("Chat with Ada Lovelace").setEmail("ada@example.com")
                .build()),
        new Expect("{\"crmPlatform\": \"zendesk_support\", \"customFields\": {\"360002\": \"{{email}}\"},"
            + " \"ticketId\": \"42\"}",
            ZendeskSupportHandover.newBuilder().setCustomFields(Map.of("360002", "ada@example.com")).setTicketId("42")
                .build()),
        new Expect("{\"crmPlatform\": \"gorgias\", \"name\": \"{{name}}\", \"tags\": []}",
            GorgiasHandover.newBuilder().setName("Ada Lovelace").build()),
        new Expect("{\"crmPlatform\": \"gorgias\", \"email\": \"{{email}}\", \"subject\": \"Order\","
            + " \"tags\": [\"vip\"], \"team\": \"7\"}",
            GorgiasHandover.newBuilder().setEmail("ada@example.com").setSubject("Order").setTags(List.of("vip"))
                .setTeam("7").build()),
        new Expect("{\"crmPlatform\": \"chat2desk\", \"operatorGroupId\": \"17\"}",
            Chat2DeskHandover.newBuilder().setOperatorGroupId("17").build()))) {
      String id = newId();
      HandoverRequested actual = handover("demo", id, Seeds.with(e.body(), CONTEXT));
      assertEquals(e.payload(), actual.getPayload(), e.body());
    }
  }

  @Test
  void placeholdersComeFromTheContextOfEarlierVisitorMessages() {
    String id = newId();
    TestClient.Response sent = client.postJson("/v1/conversations/" + id + "/messages", """
        {"text": "hello", "context": {"name": "Grace Hopper",
          "pageProperties": {"userAgent": "Firefox/128.0", "screenRes": "1280x800"}}}""");
    assertEquals(202, sent.status(), sent.body());
    sent = client.postJson("/v1/conversations/" + id + "/messages", """
        {"text": "my email is grace@example.com", "context": {"email": "grace@example.com"}}""");
    assertEquals(202, sent.status(), sent.body());

    // the seed verbatim: no context of its own
    HandoverRequested sf = handover("demo", id, Seeds.SALESFORCE);
    VisitorContext remembered = VisitorContext.newBuilder().setName("Grace Hopper").setEmail("grace@example.com")
        .setPageProperties(Map.of("userAgent", "Firefox/128.0", "screenRes", "1280x800")).build();
    assertEquals(expected(sf, "demo", id).setPlatform(Platform.salesforce)
        .setPayload(seedSalesforce().setUserAgent("Firefox/128.0").setVisitorName("Grace Hopper")
            .setScreenResolution("1280x800").build())
        .setContext(remembered).build(), sf);
  }

  /**
   * A Chat2Desk channel visitor's messages reach the router from the connector, not through the ingress: their
   * channel variables are learned from the conversation log, on every instance.
   */
  @Test
  void placeholdersComeFromAChannelVisitorsVariablesInTheConversationLog() throws Exception {
    String id = "c2d-conn-1-" + UUID.randomUUID();
    VisitorContext channel = VisitorContext.newBuilder().setName("Ivan").setPhone("+79001234567")
        .setAttributes(Map.of("channel_visitor_phone", "+79001234567", "channel_chat_id", "500482964|chat2desk",
            "channel_visitor_id", "500482964"))
        .build();
    ConversationEvent logged = TenantIsolationTest.event("demo", id, 1, ConversationStatus.bot,
        new VisitorMessage("Hi, I need a human", List.of()));
    logged.setContext(channel);
    try (KafkaProducer<String, ConversationEvent> producer = new KafkaProducer<>(
        KafkaSettings.of(kafka.bootstrapServers()).producerProperties("handover-api-test"),
        Topics.CONVERSATION_EVENTS.keySerde().serializer(), Topics.CONVERSATION_EVENTS.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), "demo/" + id, logged)).get();
    }
    // the log is read: the conversation's state is known (the memory learns before the state shows)
    Eventually.until(Duration.ofSeconds(10), "the visitor message read from the log",
        () -> client.get("/v1/conversations/" + id).status() == 200);
    HandoverRequested actual = handover("demo", id, """
        {"crmPlatform": "zendesk_sunco", "metadata": {"phone": "{{channel_visitor_phone}}",
          "chat": "{{channel_chat_id}}", "name": "{{name}}"}}""");
    assertEquals(ZendeskSuncoHandover.newBuilder().setMetadata(Map.of("phone", "+79001234567",
        "chat", "500482964|chat2desk", "name", "Ivan")).build(), actual.getPayload());
    assertEquals(channel, actual.getContext());
  }

  @Test
  void requestContextIsMergedOverTheRememberedOne() {
    String id = newId();
    assertEquals(202, client.postJson("/v1/conversations/" + id + "/messages",
        "{\"text\": \"hi\", \"context\": {\"name\": \"Grace\", \"email\": \"old@example.com\"}}").status());
    HandoverRequested actual = handover("demo", id,
        Seeds.with(Seeds.FRESHCHAT, "\"context\": {\"email\": \"new@example.com\"}"));
    assertEquals(FreshchatHandover.newBuilder().setName("Grace").setEmail("new@example.com").build(),
        actual.getPayload());
    assertEquals(VisitorContext.newBuilder().setName("Grace").setEmail("new@example.com").build(),
        actual.getContext());
  }

  @Test
  void aPlaceholderWithoutValueIsRejectedByName() {
    String id = newId();
    assertEquals(202, client.postJson("/v1/conversations/" + id + "/messages",
        "{\"text\": \"hi\", \"context\": {\"name\": \"Grace\"}}").status());
    TestClient.Response r = client.postJson("/v1/conversations/" + id + "/handover", Seeds.DIXA);
    assertEquals(422, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    JsonNode problem = r.json();
    assertEquals("https://baton.dev/problems/validation-failed", problem.get("type").asText());
    assertEquals("placeholder {{email}} in field 'email' has no value: send it in context.email",
        problem.get("detail").asText());
    assertEquals("email", problem.get("errors").get(0).get("field").asText());
    assertEquals(1, problem.get("errors").size());
  }
}
