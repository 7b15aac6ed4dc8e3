package io.baton.sandbox.kustomer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox org: its API keys (each acting as one org user), its users (the default key's own user "Baton API",
 * the agents) and its queues. Guarded by the simulator's monitor.
 */
final class KustomerOrg {
  /** The default API key, documented in the sandbox README. */
  static final String API_KEY = "kustomer-sandbox-api-key";
  static final String ORG_ID = "5b0dc0ffee0dc0ffee0dc0ff";
  static final String ORG_NAME = "baton-sandbox";

  /** An org user: the API key's own user, or an agent (who has a display name on the desk). */
  record User(String id, String name, String displayName, String email, boolean agent) {}

  record Queue(String id, String name) {}

  private final Map<String, User> users = new LinkedHashMap<>();
  private final Map<String, String> apiKeys = new LinkedHashMap<>(); // key -> user id
  private final Map<String, Queue> queues = new LinkedHashMap<>();
  private final User apiUser;
  private final Queue defaultQueue;

  KustomerOrg() {
    apiUser = addUser("Baton API", "Baton API", "api@baton-sandbox.example", false);
    apiKeys.put(API_KEY, apiUser.id());
    defaultQueue = addQueue("Default Queue");
    addQueue("Support");
    addQueue("Billing");
    addUser("Alex Agent", "Alex", "alex@baton-sandbox.example", true);
  }

  User apiUser() {
    return apiUser;
  }

  Queue defaultQueue() {
    return defaultQueue;
  }

  /** The user an API key acts as, or empty for a key the org does not have. */
  Optional<User> userOfKey(String key) {
    return Optional.ofNullable(key == null ? null : apiKeys.get(key)).map(users::get);
  }

  /** A new API key acting as a new (non-agent) user of that name. */
  String newApiKey(String userName) {
    User u = addUser(userName, userName, null, false);
    String key = "kustomer-key-" + KustomerIds.next();
    apiKeys.put(key, u.id());
    return key;
  }

  User addUser(String name, String displayName, String email, boolean agent) {
    User u = new User(KustomerIds.next(), name, displayName, email, agent);
    users.put(u.id(), u);
    return u;
  }

  Optional<User> user(String id) {
    return Optional.ofNullable(id == null ? null : users.get(id));
  }

  User requireUser(String id) {
    return user(id).orElseThrow(() -> KustomerError.notFound("User", id));
  }

  /** The agent the desk knows by this name (display name or full name), created on first sign-in. */
  User agentNamed(String name) {
    return users.values().stream().filter(u -> u.agent() && (u.displayName().equalsIgnoreCase(name)
        || u.name().equalsIgnoreCase(name))).findFirst()
        .orElseGet(() -> addUser(name, name, name.toLowerCase().replaceAll("[^a-z0-9]", "") + "@baton-sandbox.example",
            true));
  }

  Queue addQueue(String name) {
    Queue q = new Queue(KustomerIds.next(), name);
    queues.put(q.id(), q);
    return q;
  }

  Optional<Queue> queue(String id) {
    return Optional.ofNullable(id == null ? null : queues.get(id));
  }

  Optional<Queue> queueNamed(String name) {
    return queues.values().stream().filter(q -> q.name().equalsIgnoreCase(name)).findFirst();
  }

  List<Queue> queues() {
    return new ArrayList<>(queues.values());
  }
}
