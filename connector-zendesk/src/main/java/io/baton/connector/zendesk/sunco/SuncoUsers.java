package io.baton.connector.zendesk.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
  /** Conversations per page (the spec's maximum) and pages read: a user with more is not a person. */
  static final int PAGE = 100;
  static final int MAX_PAGES = 10;

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
   * The user's conversation for Baton: the one Baton made for {@code batonConversation} (by its metadata; null: any),
   * else the user's most recently active conversation, else a new personal one; completes with its SunCo id.
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
    return conversations(account, userId, null, new ArrayList<>()).thenCompose(all -> {
      Optional<JsonNode> chosen = choose(all, batonConversation);
      if (chosen.isPresent()) {
        return CompletableFuture.completedFuture(chosen.get().path("id").asText());
      }
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put(SuncoMessages.ORIGIN, "baton");
      if (batonConversation != null) {
        metadata.put(CONVERSATION, batonConversation);
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("type", "personal");
      body.put("participants", List.of(Map.of("userId", userId)));
      body.put("metadata", metadata);
      return calls.call(account.connection(), "POST /v2/apps/{appId}/conversations",
          () -> client.sunco(account, "POST", account.app() + "/conversations", body))
          .thenApply(created -> created.path("conversation").path("id").asText());
    });
  }

  /**
   * Baton's own conversation for {@code batonConversation} if there is one; else the most recently active
   * ({@code lastUpdatedAt}: the last message received, or the creation): with several conversations (multiConvo)
   * the messenger lists them by activity and the user is in the latest, so a message there is seen, one in an old
   * thread is buried. A tie goes to the later listed.
   */
  static Optional<JsonNode> choose(List<JsonNode> conversations, String batonConversation) {
    JsonNode latest = null;
    for (JsonNode c : conversations) {
      if (batonConversation != null && batonConversation.equals(c.path("metadata").path(CONVERSATION).asText(null))) {
        return Optional.of(c);
      }
      if (latest == null || !activity(c).isBefore(activity(latest))) {
        latest = c;
      }
    }
    return Optional.ofNullable(latest);
  }

  private static Instant activity(JsonNode conversation) {
    String at = conversation.path("lastUpdatedAt").asText(conversation.path("createdAt").asText(""));
    try {
      return Instant.parse(at);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH; // the spec's format is ISO-8601; a conversation without one is the least recent
    }
  }

  /** Every conversation of the user, page after page ({@code page[after]}), at most {@link #MAX_PAGES} pages. */
  private CompletableFuture<List<JsonNode>> conversations(SuncoAccount account, String userId, String after,
      List<JsonNode> all) {
    String list = account.app() + "/conversations?filter%5BuserId%5D=" + SuncoClient.query(userId)
        + "&page%5Bsize%5D=" + PAGE + (after == null ? "" : "&page%5Bafter%5D=" + SuncoClient.query(after));
    return calls.call(account.connection(), "GET /v2/apps/{appId}/conversations",
        () -> client.sunco(account, "GET", list, null)).thenCompose(r -> {
          r.path("conversations").forEach(all::add);
          String next = r.path("meta").path("afterCursor").asText("");
          boolean more = r.path("meta").path("hasMore").asBoolean(false) && !next.isEmpty();
          return more && all.size() < PAGE * MAX_PAGES ? conversations(account, userId, next, all)
              : CompletableFuture.completedFuture(all);
        });
  }
}
