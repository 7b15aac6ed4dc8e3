package io.baton.sandbox.freshchat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The account's users (the visitors): created through {@code POST /users}, found by id, {@code reference_id} (unique
 * within the account [guess: a taken one is 400 INVALID_VALUE]) or email (not unique: a list). Guarded by the
 * simulator's monitor.
 */
final class FreshchatUsers {
  /** One user; {@code properties} as given, {@code [{name, value}]}. */
  record User(String id, String referenceId, String email, String firstName, String lastName, String phone,
      List<Map<String, String>> properties, Instant createdTime) {
    /** How an agent sees them: their name, else their email, else their reference id. */
    String displayName() {
      String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).trim();
      return !name.isEmpty() ? name : email != null ? email : referenceId != null ? referenceId : "User";
    }
  }

  private final Map<String, User> users = new LinkedHashMap<>();

  User create(String referenceId, String email, String firstName, String lastName, String phone,
      List<Map<String, String>> properties) {
    if (referenceId != null && byReferenceId(referenceId).isPresent()) {
      throw FreshchatError.invalid("reference_id " + referenceId + " is already used by another user");
    }
    User u = new User(UUID.randomUUID().toString(), referenceId, email, firstName, lastName, phone,
        List.copyOf(properties), Instant.now());
    users.put(u.id(), u);
    return u;
  }

  User get(String id) {
    User u = id == null ? null : users.get(id);
    if (u == null) {
      throw FreshchatError.notFound("user", id);
    }
    return u;
  }

  Optional<User> find(String id) {
    return Optional.ofNullable(users.get(id));
  }

  Optional<User> byReferenceId(String referenceId) {
    return users.values().stream().filter(u -> referenceId.equals(u.referenceId())).findFirst();
  }

  /** Every user with this email (any case), oldest first. */
  List<User> byEmail(String email) {
    return users.values().stream().filter(u -> email.equalsIgnoreCase(u.email())).toList();
  }

  List<User> all() {
    return new ArrayList<>(users.values());
  }
}
