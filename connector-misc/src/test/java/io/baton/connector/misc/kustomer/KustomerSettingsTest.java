package io.baton.connector.misc.kustomer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KustomerSettingsTest {

  @Test
  void withoutSettingsTheBusinessPlanAndTheConnectorsUrls() {
    assertEquals(new KustomerSettings(null, null, KustomerPlan.business, 500, null), KustomerSettings.of(Map.of()));
  }

  @Test
  void readsEverySetting() {
    KustomerSettings s = KustomerSettings.of(Map.of("apiUrl", "https://api.prod2.kustomerapp.com/", "botUserId",
        "5f3e1a", "plan", "Enterprise", "webhookUrl", "https://baton.example.com/webhooks/kustomer/c1"));
    assertEquals(new KustomerSettings("https://api.prod2.kustomerapp.com", "5f3e1a", KustomerPlan.enterprise, 1000,
        "https://baton.example.com/webhooks/kustomer/c1"), s);
    assertEquals(12, KustomerSettings.of(Map.of("plan", "ultimate", "rateLimitPerMinute", "12")).perMinute());
  }

  @Test
  void aWrongSettingIsNamed() {
    assertEquals("the setting plan must be one of [professional, business, enterprise, ultimate], got 'gold'",
        assertThrows(IllegalArgumentException.class, () -> KustomerSettings.of(Map.of("plan", "gold"))).getMessage());
    assertEquals("the setting apiUrl must be an http(s) URL, got 'api.kustomerapp.com'",
        assertThrows(IllegalArgumentException.class, () -> KustomerSettings.of(Map.of("apiUrl",
            "api.kustomerapp.com"))).getMessage());
    assertEquals("the setting botUserId must be a Kustomer user id, got 'bot user'",
        assertThrows(IllegalArgumentException.class, () -> KustomerSettings.of(Map.of("botUserId", "bot user")))
            .getMessage());
    assertEquals("the setting webhookUrl must be an http(s) URL, got 'ftp://x'",
        assertThrows(IllegalArgumentException.class, () -> KustomerSettings.of(Map.of("webhookUrl", "ftp://x")))
            .getMessage());
    assertEquals("the setting rateLimitPerMinute must be a positive whole number, got '0'",
        assertThrows(IllegalArgumentException.class, () -> KustomerSettings.of(Map.of("rateLimitPerMinute", "0")))
            .getMessage());
  }

  @Test
  void aPlansBucketNeverExceedsItsLimitInAMinute() {
    for (KustomerPlan plan : KustomerPlan.values()) {
      double inAMinute = KustomerPlan.burst(plan.perMinute) + KustomerPlan.perSecond(plan.perMinute) * 60;
      assertEquals(plan.perMinute, inAMinute, 1e-9, plan.name());
    }
    assertEquals(50, KustomerPlan.burst(500));
    assertEquals(7.5, KustomerPlan.perSecond(500), 1e-9);
  }
}
