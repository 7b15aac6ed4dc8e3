package io.baton.connector.zendesk.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent-initiated filter read from a connection's settings, and what it lets through. */
class AgentInitiatedFilterTest {
  @Test
  void withoutSettingsItIsTheSeedsFilter() {
    AgentInitiatedFilter filter = AgentInitiatedFilter.of(account(Map.of()));
    assertEquals(new AgentInitiatedFilter("sunco_send", java.util.List.of("new", "open", "pending"), false), filter);
    assertEquals(filter, AgentInitiatedFilter.of(account(Map.of("agentInitiated.statuses", " ",
        "agentInitiated.endUsers", ""))), "a blank setting is an unset one, as for every setting");
  }

  @Test
  void statusesAreReadInAnyOrderAndCaseAndKeptInZendesksOrder() {
    AgentInitiatedFilter filter = AgentInitiatedFilter.of(account(Map.of("agentInitiated.statuses",
        " Hold, new ,hold,,", "agentInitiated.endUsers", "TRUE", "agentInitiated.tag", "proactive")));
    assertEquals(new AgentInitiatedFilter("proactive", java.util.List.of("new", "hold"), true), filter);
  }

  @Test
  void aStatusZendeskDoesNotHaveOrOneThatEndsAConversationIsRefusedNamingTheSetting() {
    assertEquals("'agentInitiated.statuses' has 'waiting', which is not one of new, open, pending, hold "
        + "(comma-separated Zendesk ticket statuses)", refusal(Map.of("agentInitiated.statuses", "new,waiting")));
    assertEquals("'agentInitiated.statuses' has 'solved', which is not one of new, open, pending, hold "
        + "(comma-separated Zendesk ticket statuses)", refusal(Map.of("agentInitiated.statuses", "open,solved")));
    assertEquals("'agentInitiated.statuses' lists no status: name one or more of new, open, pending, hold, "
        + "comma-separated", refusal(Map.of("agentInitiated.statuses", " , ,")));
    assertEquals("'agentInitiated.endUsers' is 'yes', not true or false",
        refusal(Map.of("agentInitiated.endUsers", "yes")));
  }

  @Test
  void theTicketAsReadBackMustHaveTheTagOneOfTheStatusesAndNoLink() throws Exception {
    AgentInitiatedFilter filter = AgentInitiatedFilter.of(account(Map.of("agentInitiated.statuses", "open,hold")));
    assertNull(filter.refusal(ticket("hold", "sunco_send")));
    assertNull(filter.refusal(ticket("open", "vip", "sunco_send")));
    assertEquals("its status is new, not one of open, hold ('agentInitiated.statuses')",
        filter.refusal(ticket("new", "sunco_send")));
    assertEquals("no tag 'sunco_send'", filter.refusal(ticket("open", "other")));
    assertEquals("linked already", filter.refusal(ticket("open", "sunco_send", "baton_linked")));
  }

  @Test
  void anEndUsersTicketIsKeptOutUnlessTheSettingLetsItIn() throws Exception {
    JsonNode endUser = SupportClient.JSON.readTree("{\"id\":7,\"role\":\"end-user\"}");
    JsonNode agent = SupportClient.JSON.readTree("{\"id\":8,\"role\":\"agent\"}");
    AgentInitiatedFilter seeds = AgentInitiatedFilter.of(account(Map.of()));
    assertTrue(seeds.refuses(endUser));
    assertFalse(seeds.refuses(agent));
    AgentInitiatedFilter all = AgentInitiatedFilter.of(account(Map.of("agentInitiated.endUsers", "true")));
    assertFalse(all.refuses(endUser));
    assertFalse(all.refuses(agent));
  }

  private static String refusal(Map<String, String> settings) {
    return assertThrows(IllegalArgumentException.class, () -> AgentInitiatedFilter.of(account(settings)))
        .getMessage();
  }

  private static JsonNode ticket(String status, String... tags) throws Exception {
    return SupportClient.JSON.valueToTree(Map.of("id", 1, "status", status, "tags", tags));
  }

  private static SupportAccount account(Map<String, String> settings) {
    return new SupportAccount("filter-test", "http://localhost/api/v2", "Basic x", settings);
  }
}
