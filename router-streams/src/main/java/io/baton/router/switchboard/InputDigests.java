package io.baton.router.switchboard;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The 64-bit digest of an input's event id that a conversation's state remembers to drop redeliveries: 8 bytes
 * instead of a 36-character id, so the state can remember enough inputs to recognise a connector's repeat of what it
 * wrote just before a crash, however many inputs arrived while it restarted. The same on every instance and JVM.
 */
final class InputDigests {
  private InputDigests() {}

  static long of(String eventId) {
    UUID digest = UUID.nameUUIDFromBytes(eventId.getBytes(StandardCharsets.UTF_8));
    return digest.getMostSignificantBits() ^ digest.getLeastSignificantBits();
  }
}
