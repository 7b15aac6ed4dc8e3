package io.baton.ingress.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.secrets.KeyRing;
import io.baton.topics.ConversationKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WidgetTokensTest {
  private static final byte[] T1 = "the-legacy-token-secret".getBytes(StandardCharsets.UTF_8);
  private static final byte[] T2 = "the-second-token-secret".getBytes(StandardCharsets.UTF_8);
  private static final ConversationKey SCOPE = new ConversationKey("acme", "c1");
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final Instant LATER = NOW.plusSeconds(600);

  @Test
  void theLegacyKeySignsAsBeforeAndANewFirstKeyNamesItself() {
    WidgetTokens legacy = new WidgetTokens(T1);
    String old = legacy.mint(SCOPE, LATER);
    assertTrue(old.startsWith("wt1."), old);
    WidgetTokens rotated = new WidgetTokens(ring("t2", T2, KeyRing.LEGACY, T1));
    String neu = rotated.mint(SCOPE, LATER);
    assertTrue(neu.startsWith("wt2.t2."), neu);
    assertEquals(Optional.of(SCOPE), rotated.verify(old, NOW), "the old key still verifies");
    assertEquals(Optional.of(SCOPE), rotated.verify(neu, NOW));
    assertEquals(Optional.empty(), legacy.verify(neu, NOW), "an instance without t2 does not");
    assertEquals(Optional.of("t2"), legacy.unheldKeyId(neu));
    assertEquals(Optional.empty(), rotated.verify(neu, LATER), "expired");
  }

  @Test
  void aDroppedKeysTokenIsNamedAndAForgedOneIsNot() {
    WidgetTokens dropped = new WidgetTokens(ring("t2", T2));
    String old = new WidgetTokens(T1).mint(SCOPE, LATER);
    assertEquals(Optional.empty(), dropped.verify(old, NOW));
    assertEquals(Optional.of(KeyRing.LEGACY), dropped.unheldKeyId(old));
    // another key id put on a token: its signature covers the id, so it does not verify under the key it names
    WidgetTokens both = new WidgetTokens(ring("t2", T2, "t3", T1));
    String signedByT2 = both.mint(SCOPE, LATER);
    assertEquals(Optional.empty(), both.verify(signedByT2.replaceFirst("^wt2\\.t2\\.", "wt2.t3."), NOW));
    assertEquals(Optional.empty(), both.unheldKeyId(signedByT2.replaceFirst("^wt2\\.t2\\.", "wt2.t3.")));
    // "legacy" is never a wt2 id, and malformed tokens name no key
    assertEquals(Optional.empty(), both.verify(signedByT2.replaceFirst("^wt2\\.t2\\.", "wt2.legacy."), NOW));
    for (String bad : List.of("wt2.", "wt2.t2", "wt2..x.y", "wt2.a b.x.y", "wt2.t2.x", "wt1.", "wt1.x")) {
      assertEquals(Optional.empty(), both.verify(bad, NOW), bad);
    }
    assertEquals(Optional.empty(), both.unheldKeyId("wt2.legacy.x.y"));
  }

  private static KeyRing ring(Object... idsAndKeys) {
    List<Map.Entry<String, byte[]>> keys = new java.util.ArrayList<>();
    for (int i = 0; i < idsAndKeys.length; i += 2) {
      keys.add(Map.entry((String) idsAndKeys[i], (byte[]) idsAndKeys[i + 1]));
    }
    return KeyRing.of(keys);
  }
}
