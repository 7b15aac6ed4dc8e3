package io.baton.sandbox.gorgias;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP integration: where and how Gorgias calls out ({@code http.url}, {@code method}, {@code headers} sent as
 * given, the {@code form} template, content types) and on which {@code triggers}. Its fields are replaced whole on
 * update; the sender's threads read them.
 */
final class GorgiasIntegration {
  final long id;
  final Instant created;
  final long createdBy;
  volatile String name;
  volatile String description;
  volatile Http http;
  volatile Instant updated;
  volatile Instant deactivated;

  /** {@code triggers}: as the caller spelled them ({@code ticket_message_created} or {@code ticket-message-created}). */
  record Http(long id, String url, String method, Map<String, String> headers, JsonNode form,
      String requestContentType, String responseContentType, Map<String, Boolean> triggers) {
    /** Whether this trigger (either spelling) is on. */
    boolean fires(String trigger) {
      return triggers.entrySet().stream().anyMatch(e -> e.getValue()
          && canonical(e.getKey()).equals(canonical(trigger)));
    }

    static String canonical(String trigger) {
      return trigger.toLowerCase(Locale.ROOT).replace('-', '_');
    }
  }

  GorgiasIntegration(long id, long createdBy, String name, String description, Http http) {
    this.id = id;
    this.createdBy = createdBy;
    this.created = Instant.now();
    this.updated = created;
    this.name = name;
    this.description = description;
    this.http = http;
  }

  boolean active() {
    return deactivated == null;
  }
}
