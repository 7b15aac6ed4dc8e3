package io.baton.ingress.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The guards' settings from the environment, their defaults and what is refused at start. */
class IngressGuardsTest {
  @Test
  void defaultsAreGenerousAndLoopbackWebhooksAreOff() {
    IngressGuards g = IngressGuards.fromEnv(Map.of());
    assertEquals(Map.of(), g.corsOrigins());
    assertEquals(new IngressGuards.RateLimit(1000, 2000), g.perTenant());
    assertEquals(new IngressGuards.RateLimit(20, 100), g.perConversation());
    assertEquals(List.of(8, 20_000, 8192), List.of(g.streamsPerToken(), g.streamsPerTenant(), g.maxHeaderBytes()));
    assertEquals(false, g.webhookAllowLoopback());
  }

  @Test
  void everySettingIsRead() {
    IngressGuards g = IngressGuards.fromEnv(Map.of("BATON_INGRESS_CORS_ORIGINS",
        "acme=https://shop.acme.example, acme=http://localhost:3000,globex=https://globex.example",
        "BATON_INGRESS_RATE_PER_TENANT", "50", "BATON_INGRESS_BURST_PER_TENANT", "60",
        "BATON_INGRESS_RATE_PER_CONVERSATION", "5", "BATON_INGRESS_BURST_PER_CONVERSATION", "7",
        "BATON_INGRESS_STREAMS_PER_TOKEN", "2", "BATON_INGRESS_STREAMS_PER_TENANT", "90",
        "BATON_INGRESS_MAX_HEADER_BYTES", "16384", "BATON_INGRESS_WEBHOOK_ALLOW_LOOPBACK", "TRUE"));
    assertEquals(Map.of("acme", List.of("https://shop.acme.example", "http://localhost:3000"), "globex",
        List.of("https://globex.example")), g.corsOrigins());
    assertEquals(new IngressGuards.RateLimit(50, 60), g.perTenant());
    assertEquals(new IngressGuards.RateLimit(5, 7), g.perConversation());
    assertEquals(List.of(2, 90, 16384), List.of(g.streamsPerToken(), g.streamsPerTenant(), g.maxHeaderBytes()));
    assertEquals(true, g.webhookAllowLoopback());
  }

  @Test
  void originsMustBeWrittenAsBrowsersSendThem() {
    for (String bad : List.of("https://shop.example/", "https://Shop.example", "https://shop.example:443",
        "http://shop.example:80", "shop.example", "ftp://shop.example", "*", "null")) {
      assertThrows(IllegalArgumentException.class,
          () -> IngressGuards.fromEnv(Map.of("BATON_INGRESS_CORS_ORIGINS", "acme=" + bad)), bad);
    }
    assertThrows(IllegalArgumentException.class,
        () -> IngressGuards.fromEnv(Map.of("BATON_INGRESS_CORS_ORIGINS", "https://shop.example")));
    assertThrows(IllegalArgumentException.class,
        () -> IngressGuards.fromEnv(Map.of("BATON_INGRESS_CORS_ORIGINS", "a/b=https://shop.example")));
    assertThrows(IllegalArgumentException.class,
        () -> IngressGuards.fromEnv(Map.of("BATON_INGRESS_RATE_PER_TENANT", "0")));
    assertThrows(IllegalArgumentException.class,
        () -> IngressGuards.fromEnv(Map.of("BATON_INGRESS_STREAMS_PER_TOKEN", "0")));
    assertThrows(IllegalArgumentException.class,
        () -> IngressGuards.fromEnv(Map.of("BATON_INGRESS_WEBHOOK_ALLOW_LOOPBACK", "yes")));
  }

  @Test
  void aBucketRefillsAtItsRateUpToItsBurst() {
    long[] now = {0};
    RateLimits limits = new RateLimits(new IngressGuards.RateLimit(2, 3), new IngressGuards.RateLimit(100, 100),
        () -> now[0]);
    for (int i = 0; i < 3; i++) {
      limits.take("acme", null);
    }
    RateLimits.Refused refused = assertThrows(RateLimits.Refused.class, () -> limits.take("acme", null));
    assertEquals(1, refused.retryAfterSeconds, "half a second to the next token, rounded up");
    now[0] = 500_000_000L; // one token back after 0.5 s at 2/s
    limits.take("acme", null);
    assertThrows(RateLimits.Refused.class, () -> limits.take("acme", null));
    limits.take("globex", null); // another tenant's bucket is its own
    now[0] = 60_000_000_000L; // a minute idle: full again, but never above the burst
    for (int i = 0; i < 3; i++) {
      limits.take("acme", null);
    }
    assertThrows(RateLimits.Refused.class, () -> limits.take("acme", null));
  }
}
