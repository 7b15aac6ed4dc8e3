package io.baton.ingress.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.SegmentUserTraits;
import io.baton.ingress.http.Acknowledgements;
import io.baton.ingress.http.Json;
import io.baton.ingress.kafka.EventPublisher;
import io.baton.ingress.kafka.TopicFollower;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import io.baton.trace.TraceParent;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The traits Segment's identify and group calls left per user (by tenant and userId or anonymousId), as Segment's
 * browser SDK caches them: merged call after call. Shared by every ingress instance through segment.traits.v1
 * (compacted, kept 30 days after a user's last call), followed whole; at most {@code usersPerTenant} users per tenant
 * are kept in memory (the least recently updated go first). Before it merges or reads, an instance catches up with
 * the topic (bounded by {@code patience}, else 503), so a track call on one instance sees an identify answered by
 * another just before.
 */
public final class SegmentTraits implements AutoCloseable {
  record Known(ObjectNode userTraits, String groupId, ObjectNode groupTraits) {}

  private static final Known NONE = new Known(null, null, null);
  private final Map<String, Map<String, Known>> byTenant = new ConcurrentHashMap<>();
  private final TopicFollower<SegmentUserTraits> follower;
  private final EventPublisher publisher;
  private final int usersPerTenant;
  private final Duration patience;
  private final Clock clock;

  public SegmentTraits(KafkaSettings kafka, EventPublisher publisher, int usersPerTenant, Duration patience,
      Clock clock) {
    this.publisher = publisher;
    this.usersPerTenant = usersPerTenant;
    this.patience = patience;
    this.clock = clock;
    this.follower = new TopicFollower<>(kafka, Topics.SEGMENT_TRAITS, (key, record) -> {
      if (record != null) {
        put(record.getTenant(), record.getUser(), known(record));
      }
    });
  }

  public void start() {
    follower.start();
  }

  /** Merges an identify call's traits; completes with the user's traits once Kafka has them. */
  CompletableFuture<Known> identify(String tenant, String user, ObjectNode traits) {
    return save(tenant, user, k -> {
      ObjectNode merged = k.userTraits() == null ? traits.deepCopy() : k.userTraits().deepCopy();
      merged.setAll(traits);
      return new Known(merged, k.groupId(), k.groupTraits());
    });
  }

  /** Merges a group call's traits (a new group starts afresh); completes once Kafka has them. */
  CompletableFuture<Known> group(String tenant, String user, String groupId, ObjectNode traits) {
    return save(tenant, user, k -> {
      ObjectNode merged = traits.deepCopy();
      if (k.groupTraits() != null && groupId.equals(k.groupId())) {
        merged = k.groupTraits().deepCopy();
        merged.setAll(traits);
      }
      return new Known(k.userTraits(), groupId, merged);
    });
  }

  /** The user's traits, as written before this call on any instance. */
  Known get(String tenant, String user) {
    catchUp();
    Known k = users(tenant).get(user);
    return k == null ? NONE : k;
  }

  private CompletableFuture<Known> save(String tenant, String user, UnaryOperator<Known> change) {
    catchUp();
    Known updated;
    Map<String, Known> users = users(tenant);
    synchronized (users) { // two calls for one user here: the second merges into the first
      Known k = users.get(user);
      updated = change.apply(k == null ? NONE : k);
      put(tenant, user, updated);
    }
    SegmentUserTraits record = SegmentUserTraits.newBuilder().setTenant(tenant).setUser(user)
        .setUserTraits(text(updated.userTraits())).setGroupId(updated.groupId())
        .setGroupTraits(text(updated.groupTraits())).setUpdatedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS))
        .build();
    return publisher.publish(Topics.SEGMENT_TRAITS, tenant + "/" + user, record, TraceParent.start(), null)
        .thenApply(ok -> updated);
  }

  private void catchUp() {
    if (!follower.catchUp(patience)) {
      throw Acknowledgements.unavailable().exception();
    }
  }

  private Map<String, Known> users(String tenant) {
    return byTenant.computeIfAbsent(tenant, t -> new LinkedHashMap<>(64, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
        return size() > usersPerTenant;
      }
    });
  }

  private void put(String tenant, String user, Known known) {
    Map<String, Known> users = users(tenant);
    synchronized (users) {
      users.remove(user); // the latest update last, so the least recently updated go first
      users.put(user, known);
    }
  }

  private static Known known(SegmentUserTraits r) {
    return new Known(object(r.getUserTraits()), r.getGroupId(), object(r.getGroupTraits()));
  }

  private static String text(ObjectNode o) {
    return o == null ? null : Json.write(o);
  }

  private static ObjectNode object(String json) {
    if (json == null) {
      return null;
    }
    try {
      return (ObjectNode) Json.MAPPER.readTree(json);
    } catch (JsonProcessingException | ClassCastException e) {
      return null; // not written by an ingress: as if no call was made
    }
  }

  @Override
  public void close() {
    follower.close();
  }
}
