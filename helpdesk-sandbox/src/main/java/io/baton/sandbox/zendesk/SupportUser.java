package io.baton.sandbox.zendesk;

import io.baton.sandbox.kit.KitJson;
import java.time.Instant;
import java.util.Map;

/**
 * A Support user: an end user (a requester) or a staff member (agent, admin). Roles are the API's
 * {@code end-user}, {@code agent}, {@code admin}.
 */
public final class SupportUser {
  public static final String END_USER = "end-user";
  public static final String AGENT = "agent";
  public static final String ADMIN = "admin";

  final long id;
  String name;
  String email;
  String role;
  String externalId;
  final Instant createdAt;
  Instant updatedAt;

  SupportUser(long id, String name, String email, String role, String externalId, Instant at) {
    this.id = id;
    this.name = name;
    this.email = email;
    this.role = role;
    this.externalId = externalId;
    this.createdAt = at;
    this.updatedAt = at;
  }

  public long id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String email() {
    return email;
  }

  public String role() {
    return role;
  }

  SupportUser copy() {
    SupportUser u = new SupportUser(id, name, email, role, externalId, createdAt);
    u.updatedAt = updatedAt;
    return u;
  }

  boolean isStaff() { return AGENT.equals(role) || ADMIN.equals(role); }

  Map<String, Object> toJson(String apiUrl) {
    return KitJson.object("id", id, "url", apiUrl + "/users/" + id + ".json", "name", name, "email", email,
        "role", role, "external_id", externalId, "active", true, "verified", email != null,
        "created_at", createdAt.toString(), "updated_at", updatedAt.toString());
  }
}
