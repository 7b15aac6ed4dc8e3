package io.baton.connector.zendesk.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The rule activation and the linking of an agent-initiated ticket both apply: the channel connection is a
 * {@code zendesk_sunco} connection of the Support connection's tenant.
 */
class ForeignChannelTest {
  final SuncoConversations sunco = new SuncoConversations() {
    final Map<String, String> tenants = Map.of("sunco-acme", "acme", "sunco-globex", "globex");

    @Override
    public Optional<String> tenantOf(String suncoConnection) {
      return Optional.ofNullable(tenants.get(suncoConnection));
    }

    @Override
    public CompletableFuture<Optional<String>> conversationOf(String suncoConnection, String email, String name) {
      throw new AssertionError("not asked");
    }
  };

  @Test
  void onlyASuncoConnectionOfTheSameTenantMayCarryTheConversations() {
    assertNull(AgentInitiated.foreignChannel("sunco-acme", "acme", sunco));
    assertEquals("'agentInitiated.channelConnectionId' is sunco-globex, a zendesk_sunco connection of another "
        + "tenant: a Support connection reaches only its own tenant's conversations",
        AgentInitiated.foreignChannel("sunco-globex", "acme", sunco));
    assertEquals("'agentInitiated.channelConnectionId' is sunco-acme, a zendesk_sunco connection of another tenant: "
        + "a Support connection reaches only its own tenant's conversations",
        AgentInitiated.foreignChannel("sunco-acme", null, sunco), "a Support connection of no known tenant");
    assertEquals("'agentInitiated.channelConnectionId' is dixa-1, which is no zendesk_sunco connection this "
        + "connector knows (another platform's, deleted, disabled before it was read, or not read yet)",
        AgentInitiated.foreignChannel("dixa-1", "acme", sunco));
  }
}
