package io.baton.connector.zendesk.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * SunCo users and their conversations, found before they are created so a repeated step creates nothing twice. Its
 * public methods are what the Support part's agent-initiated conversations need: the user of a requester (by
 * externalId, which Baton sets to the mapped identity, e.g. the email) and that user's conversation.
 */
public final class SuncoUsers {
  static final String CONVERSATION = "baton.conversation";

  private final SuncoClient client;
  private final PlatformCalls calls;
  private final SuncoAccounts accounts;

  SuncoUsers(SuncoClient client, PlatformCalls calls, SuncoAccounts accounts) {
    this.client = client;
    this.calls = calls;
    this.accounts = accounts;
  }

  /** The SunCo user id of {@code userIdOrExternalId} (an externalId such as an email), if the app has that user. */
  public CompletableFuture<Optional<String>> find(String connection, String userIdOrExternalId) {
    return accounts.of(connection).thenCompose(account -> find(account, userIdOrExternalId));
  }

  /**
   * The user's conversation for Baton: the one Baton made for {@code batonConversation} (by its metadata) when there
   * is one, else a new personal conversation; completes with the SunCo conversation id.
   */
  public CompletableFuture<String> conversation(String connection, String userId, String batonConversation) {
    return accounts.of(connection).thenCompose(account -> conversation(account, userId, batonConversation));
  }

  CompletableFuture<Optional<String>> find(SuncoAccount account, String userIdOrExternalId) {
    String path = account.app() + "/users/" + SuncoClient.query(userIdOrExternalId);
    return calls.call(account.connection(), "GET /v2/apps/{appId}/users/{id}",
        () -> client.sunco(account, "GET", path, null))
        .thenApply(r -> Optional.of(r.path("user").path("id").asText()))
        .exceptionallyCompose(e -> SuncoClient.status(e, 404) ? CompletableFuture.completedFuture(Optional.empty())
            : CompletableFuture.failedFuture(SuncoClient.unwrap(e)));
  }

  /** The user with this externalId, created with the profile when missing (a 409 means it exists: found again). */
  CompletableFuture<String> findOrCreate(SuncoAccount account, String externalId, String name, String email) {
    Map<String, Object> profile = new LinkedHashMap<>();
    if (name != null && !name.isBlank()) {
      profile.put("givenName", name.length() > 128 ? name.substring(0, 128) : name);
    }
    if (email != null && email.contains("@")) {
      profile.put("email", email);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("externalId", externalId);
    body.put("profile", profile);
    return find(account, externalId).thenCompose(found -> found.isPresent()
        ? CompletableFuture.completedFuture(found.get())
        : calls.call(account.connection(), "POST /v2/apps/{appId}/users",
            () -> client.sunco(account, "POST", account.app() + "/users", body))
            .thenApply(r -> r.path("user").path("id").asText())
            .exceptionallyCompose(e -> SuncoClient.status(e, 409)
                ? find(account, externalId).thenApply(Optional::orElseThrow)
                : CompletableFuture.failedFuture(SuncoClient.unwrap(e))));
  }

  CompletableFuture<String> conversation(SuncoAccount account, String userId, String batonConversation) {
    String list = account.app() + "/conversations?filter%5BuserId%5D=" + SuncoClient.query(userId);
    return calls.call(account.connection(), "GET /v2/apps/{appId}/conversations",
        () -> client.sunco(account, "GET", list, null)).thenCompose(r -> {
          for (JsonNode c : r.path("conversations")) {
            if (batonConversation.equals(c.path("metadata").path(CONVERSATION).asText(null))) {
              return CompletableFuture.completedFuture(c.path("id").asText());
            }
          }
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("type", "personal");
          body.put("participants", java.util.List.of(Map.of("userId", userId)));
          body.put("metadata", Map.of(CONVERSATION, batonConversation, SuncoMessages.ORIGIN, "baton"));
          return calls.call(account.connection(), "POST /v2/apps/{appId}/conversations",
              () -> client.sunco(account, "POST", account.app() + "/conversations", body))
              .thenApply(created -> created.path("conversation").path("id").asText());
        });
  }
}
