package io.baton.connector.zendesk.sunco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.VisitorContext;
import io.baton.events.ZendeskSuncoHandover;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A connection's settings, its credentials as headers, and the requester's identity. */
class SuncoSettingsTest {
  static Map<String, String> settings() {
    Map<String, String> s = new HashMap<>();
    s.put("domain", "acme.zendesk.com");
    s.put("appId", "app1");
    s.put("integrationId", "int1");
    s.put("keyId", "app_key1");
    s.put("email", "admin@acme.com");
    return s;
  }

  @Test
  void everyMissingOrWrongSettingIsNamed() {
    SuncoSettings ok = SuncoSettings.of(settings());
    assertEquals("basic", ok.auth());
    assertEquals(SuncoSettings.NOT_OURS, ok.agentMessages());
    assertEquals(null, ok.agentSource());
    Map<String, String> wrong = new HashMap<>(settings());
    wrong.remove("appId");
    wrong.remove("keyId");
    wrong.put("auth", "oauth");
    wrong.put("agentMessages", "source:");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SuncoSettings.of(wrong));
    assertEquals("the connection's settings are incomplete: no appId; no keyId; auth is 'oauth', expected basic or "
        + "jwt; agentMessages is 'source:', expected not-ours or source:<type>", e.getMessage());
    Map<String, String> source = new HashMap<>(settings());
    source.put("agentMessages", "source:zd:agentWorkspace");
    assertEquals("zd:agentWorkspace", SuncoSettings.of(source).agentSource());
  }

  @Test
  void credentialsBecomeBasicOrAJwtAndAreNeverShown() {
    SuncoAccount basic = SuncoAccount.of("c1", settings(), Map.of("keySecret", "ks", "apiToken", "tok"));
    assertEquals("Basic " + Base64.getEncoder().encodeToString("app_key1:ks".getBytes(StandardCharsets.UTF_8)),
        basic.suncoAuthorization());
    assertEquals("Basic " + Base64.getEncoder().encodeToString("admin@acme.com/token:tok"
        .getBytes(StandardCharsets.UTF_8)), basic.supportAuthorization());
    assertTrue(!basic.toString().contains("ks") && !basic.toString().contains("tok"), basic.toString());
    Map<String, String> jwt = new HashMap<>(settings());
    jwt.put("auth", "jwt");
    String bearer = SuncoAccount.of("c1", jwt, Map.of("keySecret", "ks", "apiToken", "tok")).suncoAuthorization();
    String[] parts = bearer.substring("Bearer ".length()).split("\\.");
    assertEquals("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"app_key1\"}",
        new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
    assertEquals("{\"scope\":\"app\"}", new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    assertEquals(3, parts.length);
  }

  @Test
  void theIdentityMappingMakesTheExternalIdAndTheRequesterEmail() {
    Map<String, String> mapped = new HashMap<>(settings());
    mapped.put("identityMapping", "mail");
    VisitorContext context = VisitorContext.newBuilder().setName("Ann").setAttributes(Map.of("mail", "ann@x.org"))
        .build();
    ZendeskSuncoHandover payload = ZendeskSuncoHandover.newBuilder().build();
    SuncoRequester r = SuncoRequester.of(SuncoSettings.of(mapped), context, payload);
    assertEquals("ann@x.org", r.externalId("acme", "c9"));
    assertEquals("ann@x.org", r.email());
    assertEquals("Ann", r.name());
    SuncoRequester unmapped = SuncoRequester.of(SuncoSettings.of(settings()), context, payload);
    assertEquals("baton-acme-c9", unmapped.externalId("acme", "c9"));
    assertEquals(null, unmapped.email());
    SuncoRequester overridden = SuncoRequester.of(SuncoSettings.of(mapped), context,
        ZendeskSuncoHandover.newBuilder().setName("Ann B").setEmail("billing@x.org").build());
    assertEquals("billing@x.org", overridden.email());
    assertEquals("Ann B", overridden.name());
    assertEquals("ann@x.org", overridden.externalId("acme", "c9"));
  }
}
