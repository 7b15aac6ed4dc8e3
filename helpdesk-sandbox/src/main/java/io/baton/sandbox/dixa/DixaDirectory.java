package io.baton.sandbox.dixa;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Who and what conversations refer to: end users (per organization), queues, tags and the agents seen so far.
 * Guarded by the simulator's monitor: every method is called with it held.
 */
final class DixaDirectory {
  private final Map<String, Map<String, Object>> endUsers = new LinkedHashMap<>();
  private final Map<String, String> queues = new LinkedHashMap<>(); // id -> name
  private final Map<String, String> tags = new LinkedHashMap<>(); // name -> id
  private final Map<String, String> agents = new LinkedHashMap<>(); // name -> id

  // ---- end users ----

  Map<String, Object> createEndUser(String org, Map<String, Object> fields) {
    Object externalId = fields.get("externalId");
    if (externalId != null && endUsers.values().stream().anyMatch(u -> org.equals(u.get("_org"))
        && externalId.equals(u.get("externalId")))) {
      throw new DixaError(400, "Duplicate externalId");
    }
    Map<String, Object> user = new LinkedHashMap<>(fields);
    user.put("id", UUID.randomUUID().toString());
    user.put("createdAt", Instant.now().toString());
    user.put("_org", org);
    endUsers.put((String) user.get("id"), user);
    return publicView(user);
  }

  List<Map<String, Object>> findEndUsers(String org, String field, String value) {
    return endUsers.values().stream().filter(u -> org.equals(u.get("_org")) && value.equals(u.get(field)))
        .map(DixaDirectory::publicView).toList();
  }

  List<Map<String, Object>> endUsers() {
    return endUsers.values().stream().map(DixaDirectory::publicView).toList();
  }

  private static Map<String, Object> publicView(Map<String, Object> user) {
    Map<String, Object> v = new LinkedHashMap<>(user);
    v.remove("_org");
    return v;
  }

  void requireEndUser(String org, String id) {
    Map<String, Object> user = endUsers.get(id);
    if (user == null || !org.equals(user.get("_org"))) {
      throw new DixaError(400, "Invalid value for: body (unknown requesterId " + id + ")");
    }
  }

  /** The end user's fields as stored (empty when unknown). */
  Map<String, Object> endUser(String id) {
    return endUsers.getOrDefault(id, Map.of());
  }

  String nameOf(String endUserId) {
    Map<String, Object> u = endUsers.get(endUserId);
    Object name = u == null ? null : u.get("displayName");
    return name == null ? "" : name.toString();
  }

  // ---- agents ----

  /** The agent's id, given on first sight. */
  String agentId(String agentName) {
    return agents.computeIfAbsent(agentName, n -> UUID.randomUUID().toString());
  }

  /** The id of an agent already seen (null for an unknown name). */
  String knownAgentId(String agentName) {
    return agents.get(agentName);
  }

  boolean isAgent(String authorId) {
    return agents.containsValue(authorId);
  }

  /** An agent as webhook events show one. */
  Map<String, Object> agentAuthor(String agentId) {
    String name = agents.entrySet().stream().filter(e -> e.getValue().equals(agentId)).map(Map.Entry::getKey)
        .findFirst().orElse("Agent");
    return Map.of("id", agentId, "name", name, "email", name.toLowerCase().replace(' ', '.') + "@example.com",
        "roles", List.of("Agent"), "user_type", "Member");
  }

  // ---- queues ----

  boolean hasQueue(String queueId) {
    return queues.containsKey(queueId);
  }

  String queueName(String queueId) {
    return queues.get(queueId);
  }

  /** The queue's name, its id when it has none. */
  String queueLabel(String queueId) {
    return queues.getOrDefault(queueId, queueId);
  }

  List<Map<String, Object>> queueList() {
    return queues.entrySet().stream().map(e -> (Map<String, Object>) new LinkedHashMap<String, Object>(
        Map.of("id", e.getKey(), "name", e.getValue()))).toList();
  }

  void addQueue(String id, String name) {
    queues.put(id, name);
  }

  // ---- tags ----

  /** The name of a tag, else 404. */
  String tagName(String tagId) {
    return tags.entrySet().stream().filter(e -> e.getValue().equals(tagId)).map(Map.Entry::getKey)
        .findFirst().orElseThrow(() -> new DixaError(404, "Tag " + tagId + " not found"));
  }

  /** The name of a tag, null when there is none. */
  String tagNameOrNull(String tagId) {
    return tags.entrySet().stream().filter(e -> e.getValue().equals(tagId)).map(Map.Entry::getKey)
        .findFirst().orElse(null);
  }

  /** The id of the tag with this name, created when missing. */
  String tagIdOf(String name) {
    return tags.computeIfAbsent(name, n -> UUID.randomUUID().toString());
  }

  Map<String, Object> createTag(String name) {
    if (tags.containsKey(name)) {
      throw new DixaError(400, "Tag " + name + " already exists");
    }
    String id = UUID.randomUUID().toString();
    tags.put(name, id);
    return Map.of("id", id, "name", name, "state", "Active");
  }

  List<Map<String, Object>> tagList() {
    return tags.entrySet().stream().map(e -> (Map<String, Object>) new LinkedHashMap<String, Object>(
        Map.of("id", e.getValue(), "name", e.getKey(), "state", "Active"))).toList();
  }
}
