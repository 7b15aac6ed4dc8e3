package io.baton.connector.misc.freshchat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.webhooks.WebhookEvent;
import io.baton.connector.webhooks.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Freshchat's signed deliveries: the RSA signature with the connection's key, the replay window, ids and refs. */
class FreshchatWebhooksTest {
  static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  static KeyPair account;
  static KeyPair other;

  private final FreshchatWebhooks webhooks = new FreshchatWebhooks(Duration.ofMinutes(30),
      Clock.fixed(NOW, ZoneOffset.UTC));

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    account = generator.generateKeyPair();
    other = generator.generateKeyPair();
  }

  static String pem(KeyPair pair) {
    return "-----BEGIN RSA PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
        + "\n-----END RSA PUBLIC KEY-----";
  }

  static String sign(PrivateKey key, String body) throws Exception {
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(key);
    signer.update(body.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(signer.sign());
  }

  static WebhookRequest request(String body, String signature) {
    Map<String, List<String>> headers = new HashMap<>();
    if (signature != null) {
      headers.put("x-freshchat-signature", List.of(signature));
    }
    return new WebhookRequest("conn-1", headers, body.getBytes(StandardCharsets.UTF_8));
  }

  static String message(Instant at) {
    return ("{'actor':{'actor_type':'agent','actor_id':'ag-1'},'action':'message_create','action_time':'" + at
        + "','data':{'message':{'id':'msg-9','conversation_id':'cv-7','actor_type':'agent','actor_id':'ag-1',"
        + "'message_type':'normal','message_parts':[{'text':{'content':'hi'}}]}}}").replace('\'', '"');
  }

  @Test
  void onlyTheAccountsSignatureOverThisBodyWithinTheWindowIsGenuine() throws Exception {
    Map<String, String> secrets = Map.of("publicKey", pem(account), "token", "t");
    String body = message(NOW.minusSeconds(60));
    assertTrue(webhooks.verify(request(body, sign(account.getPrivate(), body)), secrets));
    String forged = body.replace("\"hi\"", "\"resolved, bye\"");
    assertFalse(webhooks.verify(request(forged, sign(account.getPrivate(), body)), secrets), "another body");
    assertFalse(webhooks.verify(request(body, sign(other.getPrivate(), body)), secrets), "another key");
    assertFalse(webhooks.verify(request(body, null), secrets), "unsigned");
    assertFalse(webhooks.verify(request(body, "bm90IGEgc2lnbmF0dXJl"), secrets), "garbage");
    assertFalse(webhooks.verify(request(body, sign(account.getPrivate(), body)), Map.of("token", "t")),
        "a connection without its key proves nothing");
    String stale = message(NOW.minus(Duration.ofMinutes(31)));
    assertFalse(webhooks.verify(request(stale, sign(account.getPrivate(), stale)), secrets), "a replay");
    String retried = message(NOW.minus(Duration.ofMinutes(22)));
    assertTrue(webhooks.verify(request(retried, sign(account.getPrivate(), retried)), secrets),
        "Freshchat's last retry, 21 minutes on");
  }

  @Test
  void aMessageIsKnownByItsIdAndTheOthersByConversationActionAndTime() {
    List<WebhookEvent> message = webhooks.events(request(message(NOW), null));
    assertEquals(1, message.size());
    assertEquals("conn-1/msg-9", message.get(0).eventId());
    assertEquals("conn-1/cv-7", message.get(0).ref());
    String assignment = ("{'actor':{'actor_type':'agent','actor_id':'ag-1'},'action':'conversation_assignment',"
        + "'action_time':'2026-11-29T11:59:00Z','data':{'assignment':{'assignor':'agent','assignor_id':'ag-1',"
        + "'to_agent_id':'ag-1','conversation':{'conversation_id':'cv-7','status':'assigned'}}}}").replace('\'', '"');
    WebhookEvent assigned = webhooks.events(request(assignment, null)).get(0);
    assertEquals("conn-1/cv-7/conversation_assignment/2026-11-29T11:59:00Z", assigned.eventId());
    assertEquals("conn-1/cv-7", assigned.ref());
    String resolution = ("{'actor':{'actor_type':'agent','actor_id':'ag-1'},'action':'conversation_resolution',"
        + "'action_time':'2026-11-29T11:59:30Z','data':{'resolve':{'resolver':'agent','resolver_id':'ag-1',"
        + "'conversation':{'conversation_id':'cv-7','status':'resolved'}}}}").replace('\'', '"');
    assertEquals("conn-1/cv-7", webhooks.events(request(resolution, null)).get(0).ref());
    String reopen = ("{'actor':{'actor_type':'user','actor_id':'u-1'},'action':'conversation_reopen',"
        + "'action_time':'2026-11-29T11:59:40Z','data':{'reopen':{'reopener':'user','reopener_id':'u-1',"
        + "'conversation':{'conversation_id':'cv-7','status':'reopened'}}}}").replace('\'', '"');
    assertEquals("conn-1/cv-7/conversation_reopen/2026-11-29T11:59:40Z",
        webhooks.events(request(reopen, null)).get(0).eventId());
    assertThrows(IllegalArgumentException.class, () -> webhooks.events(request("[1]", null)));
    assertThrows(IllegalArgumentException.class, () -> webhooks.events(request(
        "{\"action\":\"message_create\",\"data\":{\"message\":{}}}", null)), "a message without an id");
  }
}
