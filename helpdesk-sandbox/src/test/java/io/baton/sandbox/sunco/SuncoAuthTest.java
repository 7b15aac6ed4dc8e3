package io.baton.sandbox.sunco;

import static io.baton.sandbox.sunco.SuncoFixture.error;
import static io.baton.sandbox.sunco.SuncoFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SuncoAuthTest {
  private final SuncoFixture f = SuncoFixture.start();

  @AfterEach
  void stop() {
    try {
      f.assertContractKept();
    } finally {
      f.close();
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private int status(String authorization) {
    return f.raw("GET", "/v2/apps/" + SuncoSimulator.APP_ID + "/switchboards", null, authorization, null)
        .statusCode();
  }

  @Test
  void basicAndAppJwtWithTheKeyAreLetIn() {
    assertEquals(200, status(SuncoFixture.BASIC));
    assertEquals(200, status("Bearer " + SuncoSimulator.appJwt()));
    assertEquals(SuncoSimulator.APP_ID, ok(200, f.call("GET", "", null)).path("app").path("id").asText());
  }

  @Test
  void everyOtherCredentialIsUnauthorizedWithSuncosErrorBody() {
    String path = "/v2/apps/" + SuncoSimulator.APP_ID + "/switchboards";
    error(401, "unauthorized", "Authorization is required", f.raw("GET", path, null, null, null));
    error(401, "unauthorized", null, f.raw("GET", path, null, basic(SuncoSimulator.KEY_ID, "wrong"), null));
    error(401, "unauthorized", null, f.raw("GET", path, null, basic("app_unknown", SuncoSimulator.KEY_SECRET), null));
    error(401, "unauthorized", null, f.raw("GET", path, null, "Basic not-base64!", null));
    // signed with another secret, by an unknown key, unsigned (alg none), another scope, no kid
    assertEquals(401, status("Bearer " + SuncoSimulator.appJwt(SuncoSimulator.KEY_ID, "another-secret")));
    assertEquals(401, status("Bearer " + SuncoSimulator.appJwt("app_other", SuncoSimulator.KEY_SECRET)));
    String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + SuncoSimulator.KEY_ID + "\"}") + "."
        + b64("{\"scope\":\"app\"}") + ".";
    assertEquals(401, status("Bearer " + none));
    String signedAppJwt = SuncoSimulator.appJwt();
    String accountPayload = signedAppJwt.substring(0, signedAppJwt.indexOf('.') + 1) + b64("{\"scope\":\"account\"}")
        + signedAppJwt.substring(signedAppJwt.lastIndexOf('.'));
    assertEquals(401, status("Bearer " + accountPayload));
    assertEquals(401, status("Bearer " + b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64("{\"scope\":\"app\"}")
        + ".c2ln"));
    assertEquals(401, status("Token abc"));
  }

  @Test
  void anotherAppIsNotFoundAndWrongContentTypeOrHugeBodiesAreRefused() {
    error(404, "app_not_found", "App not found",
        f.raw("GET", "/v2/apps/000000000000000000000000/switchboards", null, SuncoFixture.BASIC, null));
    error(400, "bad_request", "Content-Type must be application/json", f.raw("POST",
        "/v2/apps/" + SuncoSimulator.APP_ID + "/users", "{\"externalId\":\"x\"}", SuncoFixture.BASIC, "text/plain"));
    String huge = "{\"externalId\":\"big\",\"metadata\":{\"a\":\"" + "x".repeat(101 * 1024) + "\"}}";
    error(413, "payload_too_large", null, f.call("POST", "/users", huge));
    error(404, "user_not_found", null, f.call("GET", "/users/big", null));
  }

  @Test
  void theRateLimitAnswers429WithRetryAfterPerKeyAndCostsNothing() {
    try (SuncoFixture limited = SuncoFixture.start(SuncoSettings.defaults().withRateLimit(1, 5))) {
      for (int i = 0; i < 5; i++) {
        ok(200, limited.call("GET", "/switchboards", null));
      }
      var refused = limited.call("POST", "/users", "{\"externalId\":\"late\"}");
      error(429, "too_many_requests", null, refused);
      assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
      assertEquals(1, limited.sunco.rateLimitedCount());
      limited.sunco.rateLimit(false);
      error(404, "user_not_found", null, limited.call("GET", "/users/late", null));
      limited.assertContractKept();
    }
  }
}
