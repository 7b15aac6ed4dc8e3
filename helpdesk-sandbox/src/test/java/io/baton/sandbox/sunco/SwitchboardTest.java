package io.baton.sandbox.sunco;

import static io.baton.sandbox.sunco.SuncoFixture.error;
import static io.baton.sandbox.sunco.SuncoFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The switchboard's configuration and the control actions, seen by a bot integration's webhook. */
class SwitchboardTest {
  static final String TRIGGERS = "\"conversation:message\",\"switchboard:passControl\","
      + "\"switchboard:passControl:failure\",\"switchboard:offerControl\",\"switchboard:offerControl:failure\","
      + "\"switchboard:acceptControl\",\"switchboard:releaseControl\"";
  private final SuncoFixture f = SuncoFixture.start(SuncoSettings.defaults().withGroups(id -> id == 360001L));
  private final WebhookInbox inbox;
  private final String botMember;
  private final String board = "/switchboards/" + SuncoSimulator.SWITCHBOARD_ID;

  SwitchboardTest() throws Exception {
    inbox = new WebhookInbox();
    String bot = f.createIntegration(inbox.url(), TRIGGERS, false, false).path("id").asText();
    botMember = f.botAheadOfWorkspace("{\"name\":\"bot\",\"integrationId\":\"" + bot
        + "\",\"deliverStandbyEvents\":false,\"nextSwitchboardIntegrationId\":\""
        + SuncoSimulator.AGENT_WORKSPACE_SWITCHBOARD_INTEGRATION_ID + "\"}");
  }

  @AfterEach
  void stop() {
    try {
      f.assertContractKept();
    } finally {
      inbox.close();
      f.close();
    }
  }

  private String conversation() {
    return f.createConversation(f.createUser("u" + System.nanoTime()));
  }

  private String post(String c, String text) {
    return ok(201, f.call("POST", "/conversations/" + c + "/messages", "{\"author\":{\"type\":\"business\"},"
        + "\"content\":{\"type\":\"text\",\"text\":\"" + text + "\"}}")).path("messages").get(0).path("id").asText();
  }

  @Test
  void theSwitchboardIsConfiguredAsTheSpecSays() {
    JsonNode boards = ok(200, f.call("GET", "/switchboards", null)).path("switchboards");
    assertEquals(1, boards.size());
    assertEquals(botMember, boards.get(0).path("defaultSwitchboardIntegrationId").asText());
    assertTrue(boards.get(0).path("enabled").asBoolean());
    error(400, "bad_request", "Only one switchboard can be created per app", f.call("POST", "/switchboards", null));
    JsonNode members = ok(200, f.call("GET", board + "/switchboardIntegrations", null))
        .path("switchboardIntegrations");
    assertEquals(2, members.size());
    JsonNode workspace = members.get(0);
    assertEquals("zd:agentWorkspace", workspace.path("integrationType").asText());
    assertEquals(SuncoSimulator.AGENT_WORKSPACE_INTEGRATION_ID, workspace.path("integrationId").asText());
    assertEquals(botMember, workspace.path("nextSwitchboardIntegrationId").asText());
    error(400, "bad_request", null, f.call("POST", board + "/switchboardIntegrations", "{\"name\":\"x\","
        + "\"integrationId\":\"" + SuncoSimulator.WEB_INTEGRATION_ID + "\",\"messageHistoryCount\":11}"));
    error(400, "bad_request", null, f.call("POST", board + "/switchboardIntegrations", "{\"name\":\"bot\","
        + "\"integrationId\":\"" + SuncoSimulator.WEB_INTEGRATION_ID + "\"}"));
    error(400, "bad_request", null, f.call("POST", board + "/switchboardIntegrations", "{\"integrationId\":\""
        + SuncoSimulator.WEB_INTEGRATION_ID + "\"}"));
    error(400, "bad_request", null, f.call("POST", board + "/switchboardIntegrations", "{\"name\":\"y\","
        + "\"integrationId\":\"" + SuncoSimulator.WEB_INTEGRATION_ID + "\",\"nextSwitchboardIntegrationId\":\"no\"}"));
    error(404, "integration_not_found", null, f.call("POST", board + "/switchboardIntegrations",
        "{\"name\":\"z\",\"integrationId\":\"nope\"}"));
    error(400, "bad_request", "name is restricted to alphanumeric characters, - and _", f.call("POST",
        board + "/switchboardIntegrations", "{\"name\":\"my bot\",\"integrationId\":\""
            + SuncoSimulator.WEB_INTEGRATION_ID + "\"}"));
    error(404, "switchboard_not_found", "Switchboard not found", f.call("GET",
        "/switchboards/nope/switchboardIntegrations", null));
    error(404, "switchboard_integration_not_found", null, f.call("PATCH", board, "{\"defaultSwitchboardIntegrationId\""
        + ":\"nope\"}"));
    error(400, "bad_request", null, f.call("DELETE", board + "/switchboardIntegrations/" + botMember, null));
    String extra = f.createIntegration("https://h.example/x", "\"conversation:read\"", false, false).path("id")
        .asText();
    String member = ok(201, f.call("POST", board + "/switchboardIntegrations", "{\"name\":\"extra\","
        + "\"integrationId\":\"" + extra + "\",\"messageHistoryCount\":5}")).path("switchboardIntegration")
        .path("id").asText();
    assertEquals(3, ok(200, f.call("PATCH", board + "/switchboardIntegrations/" + member,
        "{\"messageHistoryCount\":3}")).path("switchboardIntegration").path("messageHistoryCount").asInt());
    ok(200, f.call("DELETE", board + "/switchboardIntegrations/" + member, null));
    error(404, "switchboard_integration_not_found", null, f.call("DELETE", board + "/switchboardIntegrations/"
        + member, null));
    for (int i = 0; i < 8; i++) {
      String id = f.createIntegration("https://h.example/" + i, "\"conversation:read\"", false, false).path("id")
          .asText();
      ok(201, f.call("POST", board + "/switchboardIntegrations", "{\"name\":\"m" + i + "\",\"integrationId\":\""
          + id + "\"}"));
    }
    error(400, "too_many_switchboard_integrations",
        "Switchboard has reached the max number of switchboard integrations (10)", f.call("POST",
            board + "/switchboardIntegrations", "{\"name\":\"web\",\"integrationId\":\""
                + SuncoSimulator.WEB_INTEGRATION_ID + "\"}"));
  }

  @Test
  void passOfferAcceptAndReleaseRaiseTheirEvents() throws Exception {
    String c = conversation();
    assertEquals(botMember, f.sunco.conversation(c).path("activeSwitchboardIntegration").path("id").asText());
    ok(200, f.call("POST", "/conversations/" + c + "/offerControl",
        "{\"switchboardIntegration\":\"zd-agentWorkspace\",\"metadata\":{\"why\":\"offer\"}}"));
    JsonNode offered = inbox.events(1).get(0);
    assertEquals("switchboard:offerControl", offered.path("type").asText());
    assertEquals("offer", offered.path("payload").path("metadata").path("why").asText());
    assertEquals("zd:agentWorkspace", offered.path("payload").path("conversation")
        .path("pendingSwitchboardIntegration").path("integrationType").asText());
    ok(200, f.call("POST", "/conversations/" + c + "/acceptControl", "{}"));
    assertEquals("zd:agentWorkspace", f.sunco.conversation(c).path("activeSwitchboardIntegration")
        .path("integrationType").asText());
    error(403, "forbidden", "Forbidden", f.call("POST", "/conversations/" + c + "/acceptControl", "{}"));
    ok(200, f.call("POST", "/conversations/" + c + "/passControl", "{\"switchboardIntegration\":\"next\"}"));
    // the bot, on standby without deliverStandbyEvents, was not told of the acceptControl: this comes next
    JsonNode passed = inbox.events(1).get(0);
    assertEquals("switchboard:passControl", passed.path("type").asText());
    assertEquals(botMember, passed.path("payload").path("conversation").path("activeSwitchboardIntegration")
        .path("id").asText());
    assertFalse(passed.path("payload").has("reason"));
    ok(200, f.call("PATCH", board + "/switchboardIntegrations/" + botMember, "{\"deliverStandbyEvents\":true}"));
    ok(200, f.call("POST", "/conversations/" + c + "/releaseControl", "{\"metadata\":{\"done\":true}}"));
    JsonNode released = inbox.events(1).get(0);
    assertEquals("switchboard:releaseControl", released.path("type").asText());
    assertFalse(released.path("payload").path("conversation").has("activeSwitchboardIntegration"));
    assertTrue(released.path("payload").path("metadata").path("done").asBoolean());
    error(403, "forbidden", null, f.call("POST", "/conversations/" + c + "/releaseControl", null));
    error(404, "conversation_not_found", "Conversation not found", f.call("POST",
        "/conversations/nope/passControl", "{\"switchboardIntegration\":\"next\"}"));
    error(400, "bad_request", null, f.call("POST", "/conversations/" + c + "/passControl", "{}"));
    error(400, "bad_request", null, f.call("POST", "/conversations/" + c + "/passControl",
        "{\"switchboardIntegration\":\"bot\",\"metadata\":{\"deep\":{\"x\":1}}}"));
  }

  @Test
  void aDeletedSwitchboardCanBeCreatedAgainEmptyAndDisabled() throws Exception {
    ok(200, f.call("DELETE", board, null));
    assertEquals(0, ok(200, f.call("GET", "/switchboards", null)).path("switchboards").size());
    String c = conversation();
    assertFalse(f.sunco.conversation(c).has("activeSwitchboardIntegration"), "no switchboard, nobody in control");
    JsonNode created = ok(201, f.call("POST", "/switchboards", null)).path("switchboard");
    assertFalse(created.path("enabled").asBoolean());
    String id = created.path("id").asText();
    assertEquals(0, ok(200, f.call("GET", "/switchboards/" + id + "/switchboardIntegrations", null))
        .path("switchboardIntegrations").size());
    error(404, "switchboard_integration_not_found", null, f.call("PATCH", "/switchboards/" + id,
        "{\"enabled\":true}"));
    assertEquals(SuncoSimulator.AGENT_WORKSPACE_INTEGRATION_ID, ok(201, f.call("POST", "/switchboards/" + id
        + "/switchboardIntegrations", "{\"name\":\"agents\",\"integrationType\":\"zd:agentWorkspace\"}"))
        .path("switchboardIntegration").path("integrationId").asText());
    ok(200, f.call("POST", "/conversations/" + c + "/passControl", "{\"switchboardIntegration\":\"agents\"}"));
    assertEquals("switchboard:passControl:failure", inbox.events(1).get(0).path("type").asText(),
        "a disabled switchboard passes nothing");
  }

  @Test
  void anUnknownTargetOrGroupFailsWithSwitchboardInvalidTargetAndChangesNothing() throws Exception {
    String c = conversation();
    ok(200, f.call("POST", "/conversations/" + c + "/passControl", "{\"switchboardIntegration\":\"nobody\"}"));
    JsonNode failure = inbox.events(1).get(0);
    assertEquals("switchboard:passControl:failure", failure.path("type").asText());
    assertEquals("switchboard_invalid_target", failure.path("payload").path("error").path("code").asText());
    assertEquals("Switchboard invalid target", failure.path("payload").path("error").path("message").asText());
    ok(200, f.call("POST", "/conversations/" + c + "/passControl", "{\"switchboardIntegration\":\"zd-agentWorkspace\","
        + "\"metadata\":{\"dataCapture.systemField.group_id\":\"999\"}}"));
    JsonNode group = inbox.events(1).get(0);
    assertEquals("switchboard:passControl:failure", group.path("type").asText());
    assertEquals("Group 999 does not exist", group.path("payload").path("error").path("message").asText());
    assertEquals(botMember, group.path("payload").path("conversation").path("activeSwitchboardIntegration")
        .path("id").asText());
    assertTrue(f.sunco.tickets().isEmpty());
    ok(200, f.call("POST", "/conversations/" + c + "/offerControl", "{\"switchboardIntegration\":\"bot\"}"));
    assertEquals("switchboard:offerControl:failure", inbox.events(1).get(0).path("type").asText(),
        "offering to the integration in control");
    ok(200, f.call("POST", "/conversations/" + c + "/passControl", "{\"switchboardIntegration\":\"zd:agentWorkspace\","
        + "\"metadata\":{\"dataCapture.systemField.group_id\":360001}}"));
    assertEquals("zd:agentWorkspace", f.sunco.conversation(c).path("activeSwitchboardIntegration")
        .path("integrationType").asText());
    assertEquals(1, f.sunco.tickets().size());
    assertEquals(360001L, f.sunco.tickets().get(0).groupId());
  }

  @Test
  void aTargetIsAnIdANameOrAnIntegrationTypeOfWhichTwoAreAmbiguous() throws Exception {
    String c = conversation();
    String other = f.createIntegration("https://h.example/other", "\"conversation:read\"", false, false).path("id")
        .asText();
    ok(201, f.call("POST", board + "/switchboardIntegrations", "{\"name\":\"other\",\"integrationId\":\""
        + other + "\"}"));
    error(400, "bad_request", "Ambiguous switchboard integration: 2 have type custom", f.call("POST",
        "/conversations/" + c + "/passControl", "{\"switchboardIntegration\":\"custom\"}"));
    ok(200, f.call("POST", "/conversations/" + c + "/offerControl", "{\"switchboardIntegration\":\""
        + SuncoSimulator.AGENT_WORKSPACE_SWITCHBOARD_INTEGRATION_ID + "\"}"));
    assertEquals("zd-agentWorkspace", inbox.events(1).get(0).path("payload").path("conversation")
        .path("pendingSwitchboardIntegration").path("name").asText());
  }

  @Test
  void standbyIntegrationsGetConversationEventsOnlyWithDeliverStandbyEvents() throws Exception {
    String c = conversation();
    String mine = post(c, "while in control");
    assertEquals(mine, inbox.events(1).get(0).path("payload").path("message").path("id").asText());
    ok(200,
        f.call("POST", "/conversations/" + c + "/passControl", "{\"switchboardIntegration\":\"zd-agentWorkspace\"}"));
    post(c, "while on standby");
    ok(200, f.call("PATCH", board + "/switchboardIntegrations/" + botMember, "{\"deliverStandbyEvents\":true}"));
    String seen = post(c, "on standby with deliverStandbyEvents");
    JsonNode next = inbox.events(1).get(0);
    assertEquals(seen, next.path("payload").path("message").path("id").asText(), "the message before was not sent");
    assertEquals(List.of(), inbox.posts().stream().filter(p -> p.body().toString().contains("while on standby")
        || p.body().toString().contains("switchboard:passControl")).toList(), "nothing while on standby");
  }
}
