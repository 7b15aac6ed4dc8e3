package io.baton.sandbox.zendesk;

import static io.baton.sandbox.zendesk.ZendeskFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SupportLimitsTest {
  private static long ticket(ZendeskFixture f) throws Exception {
    return json(f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"x\"},\"requester\":{\"email\":"
        + "\"l@example.com\"}}}")).path("ticket").path("id").asLong();
  }

  @Test
  void theAccountLimitCountsDownInHeadersThenAnswers429WithRetryAfter() throws Exception {
    try (ZendeskFixture f = new ZendeskFixture(ZendeskSettings.defaults().withAccountLimit(3, Duration.ofMinutes(1)))) {
      for (int remaining = 2; remaining >= 0; remaining--) {
        HttpResponse<String> r = f.api("GET", "/users/me", null);
        assertEquals(200, r.statusCode());
        assertEquals("3", r.headers().firstValue("X-Rate-Limit").orElseThrow());
        assertEquals(Integer.toString(remaining), r.headers().firstValue("X-Rate-Limit-Remaining").orElseThrow());
      }
      HttpResponse<String> limited = f.api("POST", "/groups", "{\"group\":{\"name\":\"Never\"}}");
      assertEquals(429, limited.statusCode());
      long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
      assertEquals(true, retryAfter >= 59 && retryAfter <= 60, "Retry-After " + retryAfter);
      assertEquals("0", limited.headers().firstValue("X-Rate-Limit-Remaining").orElseThrow());
      assertEquals("TooManyRequests", json(limited).path("error").asText());
      assertEquals(false, f.zendesk.withDirectory(d -> d.groups().stream().anyMatch(g -> g.name().equals("Never"))),
          "a refused call changes nothing");
    }
  }

  @Test
  void updateTicketAllowsThirtyUpdatesPerUserPerTicketPerWindow() throws Exception {
    try (ZendeskFixture f = new ZendeskFixture(ZendeskSettings.defaults().withTicketUpdateLimits(3,
        Duration.ofMinutes(10), 100, Duration.ofMinutes(1)))) {
      long a = ticket(f);
      long b = ticket(f);
      for (int i = 0; i < 3; i++) {
        assertEquals(200, f.api("PUT", "/tickets/" + a, "{\"ticket\":{\"comment\":{\"body\":\"" + i + "\"}}}")
            .statusCode());
      }
      HttpResponse<String> limited = f.api("PUT", "/tickets/" + a, "{\"ticket\":{\"comment\":{\"body\":\"4\"}}}");
      assertEquals(429, limited.statusCode());
      assertEquals(600, Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()));
      assertEquals("Rate limit for ticket updates exceeded, please wait before updating this ticket again",
          json(limited).path("description").asText());
      assertEquals(4, f.zendesk.ticket(a).orElseThrow().comments().size(), "the refused comment is not added");
      assertEquals(200, f.api("PUT", "/tickets/" + b, "{\"ticket\":{\"status\":\"open\"}}").statusCode(),
          "another ticket has its own count");
      f.zendesk.agent().comment(a, "the console agent is another user", true);
    }
  }

  @Test
  void updateTicketHasAnAccountLimitToo() throws Exception {
    try (ZendeskFixture f = new ZendeskFixture(ZendeskSettings.defaults().withTicketUpdateLimits(30,
        Duration.ofMinutes(10), 2, Duration.ofSeconds(30)))) {
      long a = ticket(f);
      long b = ticket(f);
      assertEquals(200, f.api("PUT", "/tickets/" + a, "{\"ticket\":{\"status\":\"open\"}}").statusCode());
      assertEquals(200, f.api("PUT", "/tickets/" + b, "{\"ticket\":{\"status\":\"open\"}}").statusCode());
      HttpResponse<String> limited = f.api("PUT", "/tickets/" + a, "{\"ticket\":{\"status\":\"pending\"}}");
      assertEquals(429, limited.statusCode());
      assertEquals(30, Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()));
      assertEquals("open", f.zendesk.ticket(a).orElseThrow().status());
      assertEquals(200, f.api("GET", "/tickets/" + a, null).statusCode(), "only updates count");
    }
  }

  @Test
  void aTicketTakesAtMostTheCommentLimitThen422ButOtherUpdatesStillWork() throws Exception {
    try (ZendeskFixture f = new ZendeskFixture(ZendeskSettings.defaults().withMaxComments(3))) {
      long a = ticket(f);
      assertEquals(200, f.api("PUT", "/tickets/" + a, "{\"ticket\":{\"comment\":{\"body\":\"2\"}}}").statusCode());
      assertEquals(200, f.api("PUT", "/tickets/" + a, "{\"ticket\":{\"comment\":{\"body\":\"3\"}}}").statusCode());
      HttpResponse<String> full = f.api("PUT", "/tickets/" + a, "{\"ticket\":{\"comment\":{\"body\":\"4\"},"
          + "\"status\":\"open\"}}");
      assertEquals(422, full.statusCode());
      assertEquals("new", f.zendesk.ticket(a).orElseThrow().status(), "the refused update changes nothing");
      assertEquals(200, f.api("PUT", "/tickets/" + a, "{\"ticket\":{\"status\":\"open\"}}").statusCode());
      assertEquals(3, f.zendesk.ticket(a).orElseThrow().comments().size());
    }
  }

  @Test
  void limitsCanBeChangedOnARunningSimulator() throws Exception {
    try (ZendeskFixture f = new ZendeskFixture()) {
      long a = ticket(f);
      f.zendesk.configure(ZendeskSettings.defaults().withAccountLimit(1, Duration.ofMinutes(1)).withMaxComments(1));
      HttpResponse<String> full = f.api("PUT", "/tickets/" + a, "{\"ticket\":{\"comment\":{\"body\":\"2\"}}}");
      assertEquals(422, full.statusCode(), "the new comment limit holds");
      assertEquals("1", full.headers().firstValue("X-Rate-Limit").orElseThrow());
      assertEquals(429, f.api("GET", "/users/me", null).statusCode());
      f.zendesk.rateLimit(false);
      assertEquals(200, f.api("GET", "/users/me", null).statusCode());
    }
  }
}
