package io.baton.ingress.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The traits Segment's identify and group calls left per user (by tenant and userId or anonymousId), as Segment's
 * browser SDK caches them: merged call after call. In this instance's memory, bounded (LRU); a track call must reach
 * the instance that got the identify (sticky routing per user), until a shared table replaces it.
 */
final class SegmentTraits {
  record Known(ObjectNode userTraits, String groupId, ObjectNode groupTraits) {}

  private final Map<String, Known> byUser;

  SegmentTraits(int capacity) {
    byUser = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized Known identify(String tenant, String user, ObjectNode traits) {
    Known k = byUser.get(tenant + "\n" + user);
    ObjectNode merged = k == null || k.userTraits() == null ? traits.deepCopy() : k.userTraits().deepCopy();
    if (k != null && k.userTraits() != null) {
      merged.setAll(traits);
    }
    Known updated = new Known(merged, k == null ? null : k.groupId(), k == null ? null : k.groupTraits());
    byUser.put(tenant + "\n" + user, updated);
    return updated;
  }

  synchronized Known group(String tenant, String user, String groupId, ObjectNode traits) {
    Known k = byUser.get(tenant + "\n" + user);
    ObjectNode merged = traits.deepCopy();
    if (k != null && k.groupTraits() != null && groupId.equals(k.groupId())) {
      merged = k.groupTraits().deepCopy();
      merged.setAll(traits);
    }
    Known updated = new Known(k == null ? null : k.userTraits(), groupId, merged);
    byUser.put(tenant + "\n" + user, updated);
    return updated;
  }

  synchronized Known get(String tenant, String user) {
    Known k = byUser.get(tenant + "\n" + user);
    return k == null ? new Known(null, null, null) : k;
  }
}
