package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The app's users ({@code POST/GET /users}): ids, unique external ids, profiles and metadata. */
final class SuncoUsers {
  private static final Set<String> CREATE_FIELDS =
      Set.of("externalId", "brandId", "signedUpAt", "toBeRetained", "profile", "metadata");
  private static final Set<String> PROFILE_FIELDS = Set.of("givenName", "surname", "email", "avatarUrl", "locale");

  /** One user; {@code identities} holds the emails the messenger learnt (API-created users have none). */
  record User(String id, String externalId, ObjectNode profile, ObjectNode metadata, Instant signedUpAt,
      boolean toBeRetained, List<String> identityEmails) {

    /** As the API answers it ({@code user} schema). */
    ObjectNode toJson() {
      ObjectNode user = SuncoJson.object();
      user.put("id", id);
      if (externalId != null) {
        user.put("externalId", externalId);
      }
      user.put("authenticated", externalId != null);
      user.put("signedUpAt", signedUpAt.toString());
      user.put("toBeRetained", toBeRetained);
      user.set("profile", profile.deepCopy());
      user.set("metadata", metadata.deepCopy());
      var identities = user.putArray("identities");
      identityEmails.forEach(e -> identities.addObject().put("type", "email").put("value", e)
          .put("verification", "unverified"));
      return user;
    }

    /** As webhooks carry {@code author.user} without {@code includeFullUser}: no profile, metadata, identities. */
    ObjectNode truncated() {
      ObjectNode user = SuncoJson.object();
      user.put("id", id);
      if (externalId != null) {
        user.put("externalId", externalId);
      }
      user.put("authenticated", externalId != null);
      return user;
    }

    String displayName() {
      String given = profile.path("givenName").asText("");
      String surname = profile.path("surname").asText("");
      String name = (given + " " + surname).trim();
      return name.isEmpty() ? null : name;
    }

    String email() {
      return profile.path("email").isTextual() ? profile.get("email").asText() : null;
    }
  }

  private final Map<String, User> byId = new LinkedHashMap<>();
  private final Map<String, String> idByExternalId = new LinkedHashMap<>();

  /** POST /users: 409 conflict when the externalId is taken. */
  User create(ObjectNode body) {
    SuncoJson.only(body, "", CREATE_FIELDS);
    String externalId = SuncoJson.text(body, "externalId", "", 1, 1024);
    SuncoJson.nullableText(body, "brandId", "", 1, 24);
    Boolean retained = SuncoJson.bool(body, "toBeRetained", "");
    Instant signedUpAt = Instant.now();
    if (body.has("signedUpAt")) {
      try {
        signedUpAt = Instant.parse(body.path("signedUpAt").asText());
      } catch (java.time.format.DateTimeParseException e) {
        throw SuncoError.badRequest("signedUpAt must be an ISO 8601 timestamp");
      }
    }
    ObjectNode profile = profile(body.get("profile"));
    ObjectNode metadata = SuncoJson.metadata(body, "");
    if (externalId != null && idByExternalId.containsKey(externalId)) {
      throw new SuncoError(409, "conflict", "User already exists");
    }
    User user = new User(ObjectIds.next(), externalId, profile, metadata == null ? SuncoJson.object() : metadata,
        signedUpAt, retained != null && retained, List.of());
    put(user);
    return user;
  }

  /** A user the messenger page makes for a person who gives an externalId and maybe an email and name. */
  User createForMessenger(String externalId, String email, String givenName) {
    if (idByExternalId.containsKey(externalId)) {
      throw new SuncoError(409, "conflict", "User already exists");
    }
    ObjectNode profile = SuncoJson.object();
    if (givenName != null) {
      profile.put("givenName", givenName);
    }
    if (email != null) {
      profile.put("email", email);
    }
    User user = new User(ObjectIds.next(), externalId, profile, SuncoJson.object(), Instant.now(), false,
        email == null ? List.of() : List.of(email));
    put(user);
    return user;
  }

  private void put(User user) {
    byId.put(user.id(), user);
    if (user.externalId() != null) {
      idByExternalId.put(user.externalId(), user.id());
    }
  }

  private static ObjectNode profile(JsonNode profile) {
    if (profile == null || profile.isNull()) {
      return SuncoJson.object();
    }
    if (!profile.isObject()) {
      throw SuncoError.badRequest("profile must be an object");
    }
    SuncoJson.only(profile, "profile.", PROFILE_FIELDS);
    SuncoJson.nullableText(profile, "givenName", "profile.", 1, 128);
    SuncoJson.nullableText(profile, "surname", "profile.", 1, 128);
    String email = SuncoJson.nullableText(profile, "email", "profile.", 1, 128);
    if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
      throw SuncoError.badRequest("profile.email must be an email address");
    }
    String avatar = SuncoJson.nullableText(profile, "avatarUrl", "profile.", 1, 2048);
    if (avatar != null && !avatar.matches("https?://\\S+")) {
      throw SuncoError.badRequest("profile.avatarUrl must be a URL");
    }
    SuncoJson.nullableText(profile, "locale", "profile.", 1, 64);
    return (ObjectNode) profile.deepCopy();
  }

  /** By id or externalId (the path's {@code userIdOrExternalId}). */
  Optional<User> find(String idOrExternalId) {
    User user = byId.get(idOrExternalId);
    if (user == null) {
      String id = idByExternalId.get(idOrExternalId);
      user = id == null ? null : byId.get(id);
    }
    return Optional.ofNullable(user);
  }

  User require(String idOrExternalId) {
    return find(idOrExternalId).orElseThrow(SuncoError::userNotFound);
  }

  Optional<User> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  Optional<User> byExternalId(String externalId) {
    String id = idByExternalId.get(externalId);
    return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
  }

  /** GET /users?filter[identities.email]=: matches identities only, never profile.email (as the spec says). */
  List<User> withIdentityEmail(String email) {
    List<User> found = new ArrayList<>();
    byId.values().forEach(u -> {
      if (u.identityEmails().contains(email)) {
        found.add(u);
      }
    });
    return found;
  }

  List<User> all() {
    return List.copyOf(byId.values());
  }
}
