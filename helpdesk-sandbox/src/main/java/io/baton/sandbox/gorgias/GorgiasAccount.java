package io.baton.sandbox.gorgias;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox account: its users (the API user whose email and REST API key sign every call, and the agents), the
 * API keys (Basic {@code <user email>:<key>}) and the teams. Guarded by the simulator's monitor.
 */
final class GorgiasAccount {
  static final String DOMAIN = "baton-sandbox";
  /** The default API user and key, documented in the sandbox README. */
  static final String API_EMAIL = "api@baton-sandbox.example";
  static final String API_KEY = "gorgias-sandbox-api-key";

  /** A helpdesk user: an API user (role {@code admin}) or an agent. */
  record User(long id, String email, String firstname, String lastname, String role, boolean agent,
      Instant created) {
    String name() {
      return (firstname + " " + lastname).trim();
    }
  }

  record Team(long id, String name, List<Long> members, Instant created) {}

  private static final AtomicLong USER_IDS = new AtomicLong(1);
  private static final AtomicLong TEAM_IDS = new AtomicLong(100);

  private final Map<Long, User> users = new LinkedHashMap<>();
  private final Map<String, String> keys = new LinkedHashMap<>(); // lower-case email -> key
  private final Map<Long, Team> teams = new LinkedHashMap<>();
  private final User apiUser;

  GorgiasAccount() {
    apiUser = addUser(API_EMAIL, "Baton", "API", "admin", false);
    keys.put(API_EMAIL, API_KEY);
    User alex = agentNamed("Alex Agent");
    addTeam("Support", List.of(alex.id()));
    addTeam("Billing", List.of());
  }

  User apiUser() {
    return apiUser;
  }

  /** The user a Basic {@code email:key} pair signs in as, or empty. */
  Optional<User> signIn(String email, String key) {
    if (email == null || key == null) {
      return Optional.empty();
    }
    String known = keys.get(email.toLowerCase(Locale.ROOT));
    if (known == null || !known.equals(key)) {
      return Optional.empty();
    }
    return byEmail(email);
  }

  /** A new API user with its own REST API key (e.g. a second connection). */
  String newApiKey(String email) {
    String lower = email.toLowerCase(Locale.ROOT);
    if (byEmail(lower).isEmpty()) {
      addUser(lower, "API", lower.substring(0, Math.max(1, lower.indexOf('@'))), "admin", false);
    }
    String key = "gorgias-key-" + USER_IDS.incrementAndGet();
    keys.put(lower, key);
    return key;
  }

  User addUser(String email, String firstname, String lastname, String role, boolean agent) {
    User u = new User(USER_IDS.incrementAndGet(), email.toLowerCase(Locale.ROOT), firstname, lastname, role, agent,
        Instant.now());
    users.put(u.id(), u);
    return u;
  }

  Optional<User> user(long id) {
    return Optional.ofNullable(users.get(id));
  }

  Optional<User> byEmail(String email) {
    return users.values().stream().filter(u -> u.email().equalsIgnoreCase(email)).findFirst();
  }

  List<User> users() {
    return new ArrayList<>(users.values());
  }

  /** The agent the desk knows by this name (full or first name), created on first sign-in. */
  User agentNamed(String name) {
    String trimmed = name.trim();
    return users.values().stream().filter(u -> u.agent() && (u.name().equalsIgnoreCase(trimmed)
        || u.firstname().equalsIgnoreCase(trimmed))).findFirst().orElseGet(() -> {
          int space = trimmed.indexOf(' ');
          String first = space < 0 ? trimmed : trimmed.substring(0, space);
          String last = space < 0 ? "" : trimmed.substring(space + 1);
          return addUser(trimmed.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + "@baton-sandbox.example",
              first, last, "agent", true);
        });
  }

  Team addTeam(String name, List<Long> members) {
    Team t = new Team(TEAM_IDS.incrementAndGet(), name, List.copyOf(members), Instant.now());
    teams.put(t.id(), t);
    return t;
  }

  Optional<Team> team(long id) {
    return Optional.ofNullable(teams.get(id));
  }

  List<Team> teams() {
    return new ArrayList<>(teams.values());
  }
}
