package io.baton.connector.zendesk.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The agent-initiated settings shape a ticket comment into the SunCo message; the account's settings are checked. */
class ProactiveMessagesTest {
  static SupportAccount account(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(Map.of("domain", "acme.zendesk.com", "email", "api@acme.test"));
    settings.putAll(extra);
    return SupportAccount.of("c", settings, Map.of("apiToken", "tok"), null);
  }

  static JsonNode comment(String json) throws Exception {
    return SupportClient.JSON.readTree(json);
  }

  @Test
  void markdownLinksAndMediaFollowTheSettings() throws Exception {
    JsonNode c = comment("{\"body\":\"Your **order** shipped\",\"plain_body\":\"Your order shipped\","
        + "\"html_body\":\"<p>Your <b>order</b> shipped, <a href=\\\"https://t.example/1\\\">track it</a></p>\","
        + "\"attachments\":[]}");
    assertEquals("Your **order** shipped", ProactiveMessages.text(c, account(Map.of())));
    assertEquals("Your order shipped", ProactiveMessages.text(c, account(Map.of("agentInitiated.markdown", "false"))));
    assertEquals("Your **order** shipped\nhttps://t.example/1",
        ProactiveMessages.text(c, account(Map.of("agentInitiated.extractHtmlLinks", "true"))));
    JsonNode withFile = comment("{\"body\":\"the label\",\"attachments\":[{\"content_url\":\"u\"}]}");
    assertEquals("the label", ProactiveMessages.text(withFile, account(Map.of())));
    assertEquals("", ProactiveMessages.text(withFile,
        account(Map.of("agentInitiated.includeTextWithMedia", "false"))));
    assertEquals(Set.of("closed", "solved"), AgentInitiated.unlinkStatuses(account(Map.of())));
    assertEquals(Set.of("pending", "solved"), AgentInitiated.unlinkStatuses(
        account(Map.of("agentInitiated.unlinkStatuses", " pending, solved ,"))));
  }

  @Test
  void anAccountSaysWhatIsMissingAndNeverShowsItsToken() {
    SupportAccount a = account(Map.of());
    assertEquals("https://acme.zendesk.com/api/v2", a.apiBase());
    assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString("api@acme.test/token:tok".getBytes(
        java.nio.charset.StandardCharsets.UTF_8)), a.authorization());
    assertEquals("SupportAccount[c at https://acme.zendesk.com/api/v2]", a.toString());
    assertEquals("the connection has no 'domain' setting (e.g. acme.zendesk.com)", assertThrows(
        IllegalArgumentException.class, () -> SupportAccount.of("c", Map.of("email", "e@x"), Map.of("apiToken", "t"),
            null))
        .getMessage());
    assertEquals("the 'domain' setting is not a host name: acme.zendesk.com/evil?", assertThrows(
        IllegalArgumentException.class, () -> SupportAccount.of("c", Map.of("email", "e@x", "domain",
            "acme.zendesk.com/evil?"), Map.of("apiToken", "t"), null))
        .getMessage());
    assertEquals("the connection has no Zendesk API token (secret 'apiToken')", assertThrows(
        IllegalArgumentException.class, () -> SupportAccount.of("c", Map.of("email", "e@x", "domain", "a.b"),
            Map.of(), null))
        .getMessage());
  }
}
