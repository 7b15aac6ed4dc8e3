package io.baton.sandbox.zendesk;

import io.baton.sandbox.kit.KitJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The account's users and groups. Emails are unique across users (case-insensitive); group names are unique
 * ("Name: has already been taken"). Only called under the simulator's monitor.
 */
final class SupportDirectory {
  record Group(long id, String name, Instant createdAt) {
    Map<String, Object> toJson(String apiUrl) {
      return KitJson.object("id", id, "url", apiUrl + "/groups/" + id + ".json", "name", name, "default", false,
          "deleted", false, "is_public", true, "created_at", createdAt.toString(), "updated_at",
          createdAt.toString());
    }
  }

  private final Map<Long, SupportUser> users = new LinkedHashMap<>();
  private final Map<Long, Group> groups = new LinkedHashMap<>();
  private final Ids ids;

  SupportDirectory(Ids ids) {
    this.ids = ids;
  }

  SupportUser user(long id) {
    SupportUser user = users.get(id);
    if (user == null) {
      throw ZendeskError.notFound();
    }
    return user;
  }

  Optional<SupportUser> find(long id) {
    return Optional.ofNullable(users.get(id));
  }

  Optional<SupportUser> byEmail(String email) {
    if (email == null) {
      return Optional.empty();
    }
    String wanted = email.trim().toLowerCase(Locale.ROOT);
    return users.values().stream().filter(u -> wanted.equals(u.email)).findFirst();
  }

  List<SupportUser> byExternalId(String externalId) {
    return users.values().stream().filter(u -> externalId.equals(u.externalId)).toList();
  }

  List<SupportUser> users() {
    return List.copyOf(users.values());
  }

  /** A new user; a taken email is 422 DuplicateValue, as on Create User. */
  SupportUser create(String name, String email, String role, String externalId) {
    String normalized = email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    if (name == null || name.isBlank()) {
      throw ZendeskError.invalid("name", "BlankValue", "Name: cannot be blank");
    }
    if (normalized != null && !normalized.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      throw ZendeskError.invalid("email", "InvalidValue", "Email: " + email + " is not properly formatted");
    }
    if (byEmail(normalized).isPresent()) {
      throw ZendeskError.invalid("email", "DuplicateValue",
          "Email: " + email + " is already being used by another user");
    }
    String checkedRole = role == null ? SupportUser.END_USER : role;
    if (!List.of(SupportUser.END_USER, SupportUser.AGENT, SupportUser.ADMIN).contains(checkedRole)) {
      throw ZendeskError.invalid("role", "InvalidValue", "Role: is not included in the list");
    }
    SupportUser user = new SupportUser(ids.next(), name.trim(), normalized, checkedRole, externalId, Instant.now());
    users.put(user.id, user);
    return user;
  }

  /** Create Or Update User: matched by email, else by external id; true in {@code created[0]} when new. */
  SupportUser createOrUpdate(String name, String email, String role, String externalId, boolean[] created) {
    Optional<SupportUser> existing = byEmail(email);
    if (existing.isEmpty() && externalId != null) {
      existing = byExternalId(externalId).stream().findFirst();
    }
    if (existing.isEmpty()) {
      created[0] = true;
      return create(name, email, role, externalId);
    }
    SupportUser user = existing.get();
    if (role != null && !List.of(SupportUser.END_USER, SupportUser.AGENT, SupportUser.ADMIN).contains(role)) {
      throw ZendeskError.invalid("role", "InvalidValue", "Role: is not included in the list");
    }
    if (name != null && !name.isBlank()) {
      user.name = name.trim();
    }
    if (role != null) {
      user.role = role;
    }
    if (externalId != null) {
      user.externalId = externalId;
    }
    user.updatedAt = Instant.now();
    return user;
  }

  /**
   * The requester a ticket body names by {@code requester_id} or {@code requester.email}; null when it names none or an
   * email nobody has yet (created by {@link #newRequester} once everything else passed).
   */
  SupportUser knownRequester(TicketInput in) {
    if (in.requesterId != null) {
      return find(in.requesterId)
          .orElseThrow(() -> ZendeskError.invalid("requester", "InvalidValue", "Requester: is invalid"));
    }
    if (in.requesterEmail != null) {
      SupportUser known = byEmail(in.requesterEmail).orElse(null);
      if (known == null && !in.requesterEmail.trim().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
        throw ZendeskError.invalid("requester", "InvalidValue", "Requester: Email: " + in.requesterEmail
            + " is not properly formatted");
      }
      return known;
    }
    if (in.requesterName != null) {
      throw ZendeskError.invalid("requester", "InvalidValue", "Requester: Email: cannot be blank");
    }
    return null;
  }

  /** An unknown requester email becomes an end user, named after the address when the body gives no name. */
  SupportUser newRequester(TicketInput in) {
    String email = in.requesterEmail.trim();
    return create(
        in.requesterName == null || in.requesterName.isBlank() ? email.substring(0, email.indexOf('@'))
            : in.requesterName,
        email, SupportUser.END_USER, null);
  }

  Group group(long id) {
    Group group = groups.get(id);
    if (group == null) {
      throw ZendeskError.notFound();
    }
    return group;
  }

  boolean groupExists(long id) {
    return groups.containsKey(id);
  }

  List<Group> groups() {
    return new ArrayList<>(groups.values());
  }

  Group createGroup(String name) {
    if (name == null || name.isBlank()) {
      throw ZendeskError.invalid("name", "BlankValue", "Name: cannot be blank");
    }
    String trimmed = name.trim();
    if (groups.values().stream().anyMatch(g -> g.name().equalsIgnoreCase(trimmed))) {
      throw ZendeskError.invalid("name", "DuplicateValue", "Name: has already been taken");
    }
    Group group = new Group(ids.next(), trimmed, Instant.now());
    groups.put(group.id(), group);
    return group;
  }
}
