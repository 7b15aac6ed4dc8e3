package io.baton.connector.zendesk.sunco;

import io.baton.connector.testkit.RoundRobinBalancer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.zendesk.ZendeskConnector;
import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.sandbox.sunco.SuncoSimulator;
import io.baton.sandbox.zendesk.ZendeskSupportSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each wrong credential and webhook option keeps its connection inactive with the precise reason; right is active. */
@ExtendWith(KafkaBrokerExtension.class)
class SuncoActivationTest {

  @Test
  void everyWrongCredentialAndWebhookOptionIsNamedAndTheRightConnectionIsActive(KafkaBroker broker)
      throws Exception {
    try (ConnectorFixture fx = SuncoSeeds.fixture(broker); RoundRobinBalancer door = new RoundRobinBalancer()) {
      String base = door.url() + "/webhooks/sunco/";
      Map<String, String> expected = new LinkedHashMap<>();
      String ok = "act-ok-" + fx.run;
      SuncoSeeds.connection(fx, ok, SuncoSeeds.settings(SuncoSeeds.integration(fx, base + ok, SuncoSeeds.TRIGGERS,
          true, true)), SuncoSeeds.secrets());
      String jwt = "act-jwt-" + fx.run;
      Map<String, String> jwtSettings = SuncoSeeds.settings(SuncoSeeds.integration(fx, base + jwt,
          SuncoSeeds.TRIGGERS, true, true));
      jwtSettings.put("auth", "jwt");
      SuncoSeeds.connection(fx, jwt, jwtSettings, SuncoSeeds.secrets());

      String key = "act-key-" + fx.run;
      SuncoSeeds.connection(fx, key, SuncoSeeds.settings(SuncoSeeds.integration(fx, base + key, SuncoSeeds.TRIGGERS,
          true, true)), Map.of("keySecret", "not-the-secret", "apiToken", ZendeskSupportSimulator.API_TOKEN));
      expected.put(key, "the SunCo API key " + SuncoSimulator.KEY_ID + " cannot read integration ");
      String token = "act-token-" + fx.run;
      SuncoSeeds.connection(fx, token, SuncoSeeds.settings(SuncoSeeds.integration(fx, base + token,
          SuncoSeeds.TRIGGERS, true, true)), Map.of("keySecret", SuncoSimulator.KEY_SECRET, "apiToken", "wrong"));
      expected.put(token, "the Zendesk API email " + ZendeskSupportSimulator.API_EMAIL + " and token were refused: "
          + "GET /api/v2/users/me (Couldn't authenticate you) answered 401");
      String target = "act-target-" + fx.run;
      SuncoSeeds.connection(fx, target, SuncoSeeds.settings(SuncoSeeds.integration(fx, "https://elsewhere.example/x",
          SuncoSeeds.TRIGGERS, true, true)), SuncoSeeds.secrets());
      expected.put(target, "the integration's webhook target is https://elsewhere.example/x, expected " + base
          + target);
      String options = "act-options-" + fx.run;
      SuncoSeeds.connection(fx, options, SuncoSeeds.settings(SuncoSeeds.integration(fx, base + options,
          List.of("conversation:message", "switchboard:passControl"), false, false)), SuncoSeeds.secrets());
      expected.put(options, "includeFullUser is off; includeFullSource is off; the webhook lacks the triggers "
          + "conversation:typing, switchboard:passControl:failure, switchboard:releaseControl");
      String missing = "act-missing-" + fx.run;
      Map<String, String> incomplete = new HashMap<>(SuncoSeeds.settings("x"));
      incomplete.remove("integrationId");
      incomplete.put("auth", "oauth");
      SuncoSeeds.connection(fx, missing, incomplete, SuncoSeeds.secrets());
      expected.put(missing, "the connection's settings are incomplete: no integrationId; auth is 'oauth', expected "
          + "basic or jwt");
      String noSecret = "act-nosecret-" + fx.run;
      SuncoSeeds.connection(fx, noSecret, SuncoSeeds.settings("x"), Map.of("keySecret", SuncoSimulator.KEY_SECRET));
      expected.put(noSecret, "no Zendesk API token (secret 'apiToken')");

      ZendeskConnector connector = SuncoSeeds.connector(fx, door, "act-" + fx.run);
      try {
        Eventually.until(ConnectorFixture.PATIENCE, "every status written back", () -> {
          Map<String, Connection> latest = ConnectionsTopic.latest(fx);
          return latest.get(ok).getStatus() == ConnectionStatus.active
              && latest.get(jwt).getStatus() == ConnectionStatus.active
              && expected.keySet().stream().allMatch(id -> latest.get(id).getStatus() == ConnectionStatus.inactive);
        });
        Map<String, Connection> latest = ConnectionsTopic.latest(fx);
        assertEquals(null, latest.get(ok).getStatusReason());
        expected.forEach((id, reason) -> assertTrue(latest.get(id).getStatusReason().startsWith(reason),
            id + ": " + latest.get(id).getStatusReason()));
        assertTrue(latest.get(key).getStatusReason().endsWith("(unauthorized: Authorization is required) answered 401"),
            latest.get(key).getStatusReason());
        for (Connection c : latest.values()) {
          String reason = String.valueOf(c.getStatusReason());
          assertFalse(reason.contains(SuncoSimulator.KEY_SECRET) || reason.contains("not-the-secret")
              || reason.contains(ZendeskSupportSimulator.API_TOKEN), "no secret in " + reason);
        }
        assertTrue(connector.sunco().connections().isActive(ok));
        assertFalse(connector.sunco().connections().isActive(target));
      } finally {
        connector.stop();
      }
    }
  }
}
