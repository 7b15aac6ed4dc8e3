package io.baton.connector.zendesk.support;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What agent-initiated conversations need of the SunCo part of the connector (given by the service, which runs
 * both): which tenant a {@code zendesk_sunco} connection belongs to, and a user's conversation to write in.
 */
public interface SuncoConversations {
  /** The tenant of the {@code zendesk_sunco} connection, if the SunCo part knows one by that id. */
  Optional<String> tenantOf(String suncoConnection);

  /**
   * The SunCo conversation of the user whose externalId is {@code email} (theirs, reused, or created): its id; empty
   * when the app has no such user (they never used messaging: nothing to send to).
   */
  CompletableFuture<Optional<String>> conversationOf(String suncoConnection, String email, String displayName);
}
