package io.baton.sandbox.zendesk;

import static io.baton.sandbox.zendesk.ZendeskFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SupportTicketsApiTest {
  private ZendeskFixture f;

  @BeforeEach
  void start() {
    f = new ZendeskFixture();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void wrongCredentialsAreTheDocumented401AndEveryOtherErrorHasZendesksShape() throws Exception {
    for (String auth : new String[] {null, "Bearer x",
        ZendeskSupportSimulator.authorization(ZendeskSupportSimulator.API_EMAIL, "wrong"),
        ZendeskSupportSimulator.authorization("nobody@example.com", ZendeskSupportSimulator.API_TOKEN),
        "Basic " + java.util.Base64.getEncoder().encodeToString((ZendeskSupportSimulator.API_EMAIL + ":"
            + ZendeskSupportSimulator.API_TOKEN).getBytes(StandardCharsets.UTF_8))}) {
      HttpResponse<String> r = f.call("GET", "/zendesk/api/v2/users/me", null, auth);
      assertEquals(401, r.statusCode(), String.valueOf(auth));
      assertEquals("{\"error\":\"Couldn't authenticate you\"}", r.body());
    }
    HttpResponse<String> missing = f.api("GET", "/tickets/42", null);
    assertEquals(404, missing.statusCode());
    assertEquals("{\"error\":\"RecordNotFound\",\"description\":\"Not found\"}", missing.body());
    HttpResponse<String> notJson = f.api("POST", "/tickets", "{nope");
    assertEquals(400, notJson.statusCode());
    assertEquals("InvalidValue", json(notJson).path("error").asText());
  }

  @Test
  void anAgentsTokenWorksButAdminEndpointsAnswer403() throws Exception {
    String agent = ZendeskSupportSimulator.authorization(ZendeskSupportSimulator.AGENT_EMAIL,
        ZendeskSupportSimulator.API_TOKEN);
    assertEquals("agent", json(f.call("GET", "/zendesk/api/v2/users/me", null, agent)).path("user").path("role")
        .asText(), "API tokens are the account's: any staff member's email goes with one");
    String forbidden = "{\"error\":\"Forbidden\",\"description\":\"You do not have access to this page. Please "
        + "contact the account owner of this help desk for further help.\"}";
    for (String[] call : new String[][] {{"GET", "/triggers", null}, {"GET", "/webhooks", null},
        {"POST", "/groups", "{\"group\":{\"name\":\"G\"}}"},
        {"POST", "/users", "{\"user\":{\"name\":\"A\",\"email\":\"a@example.com\",\"role\":\"admin\"}}"}}) {
      HttpResponse<String> r = f.call(call[0], "/zendesk/api/v2" + call[1], call[2], agent);
      assertEquals(403, r.statusCode(), call[1]);
      assertEquals(forbidden, r.body());
    }
    assertEquals(201, f.call("POST", "/zendesk/api/v2/users", "{\"user\":{\"name\":\"E\",\"email\":"
        + "\"e@example.com\"}}", agent).statusCode(), "agents may add end users");
    assertTrue(f.zendesk.userByEmail("a@example.com").isEmpty());
  }

  @Test
  void usersMeSearchCreateAndCreateOrUpdate() throws Exception {
    JsonNode me = json(f.api("GET", "/users/me", null)).path("user");
    assertEquals(ZendeskSupportSimulator.API_EMAIL, me.path("email").asText());
    assertEquals("admin", me.path("role").asText());

    HttpResponse<String> created = f.api("POST", "/users",
        "{\"user\":{\"name\":\"Ann Lee\",\"email\":\"Ann@Example.com\",\"role\":\"end-user\"}}");
    assertEquals(201, created.statusCode());
    long ann = json(created).path("user").path("id").asLong();
    assertEquals("ann@example.com", json(created).path("user").path("email").asText());
    HttpResponse<String> dup = f.api("POST", "/users", "{\"user\":{\"name\":\"Ann\",\"email\":\"ann@example.com\"}}");
    assertEquals(422, dup.statusCode());
    assertEquals("RecordInvalid", json(dup).path("error").asText());
    assertEquals("DuplicateValue", json(dup).path("details").path("email").get(0).path("error").asText());
    assertEquals(422, f.api("POST", "/users", "{\"user\":{\"name\":\"X\",\"email\":\"x@y.z\",\"role\":\"boss\"}}")
        .statusCode());

    JsonNode found = json(f.api("GET", "/users/search?query=email:ann@example.com", null));
    assertEquals(1, found.path("count").asInt());
    assertEquals(ann, found.path("users").get(0).path("id").asLong());
    assertEquals(0, json(f.api("GET", "/users/search?query=nobody@example.com", null)).path("count").asInt());
    assertEquals(ann, json(f.api("GET", "/users/" + ann, null)).path("user").path("id").asLong());

    HttpResponse<String> updated = f.api("POST", "/users/create_or_update",
        "{\"user\":{\"name\":\"Ann B. Lee\",\"email\":\"ann@example.com\"}}");
    assertEquals(200, updated.statusCode());
    assertEquals(ann, json(updated).path("user").path("id").asLong());
    assertEquals("Ann B. Lee", json(updated).path("user").path("name").asText());
    HttpResponse<String> agent = f.api("POST", "/users/create_or_update",
        "{\"user\":{\"name\":\"Bo\",\"email\":\"bo@example.com\",\"role\":\"agent\"}}");
    assertEquals(201, agent.statusCode());
    assertEquals("agent", json(agent).path("user").path("role").asText());
  }

  @Test
  void groupsListShowCreateAndADuplicateNameIsRefused() throws Exception {
    HttpResponse<String> created = f.api("POST", "/groups", "{\"group\":{\"name\":\"Billing\"}}");
    assertEquals(201, created.statusCode());
    long id = json(created).path("group").path("id").asLong();
    assertTrue(f.zendesk.groupExists(id));
    assertFalse(f.zendesk.groupExists(id + 1000));
    HttpResponse<String> dup = f.api("POST", "/groups", "{\"group\":{\"name\":\"billing\"}}");
    assertEquals(422, dup.statusCode());
    assertEquals("{\"error\":\"RecordInvalid\",\"description\":\"Record validation errors\",\"details\":{\"name\":"
        + "[{\"description\":\"Name: has already been taken\",\"error\":\"DuplicateValue\"}]}}", dup.body());
    assertEquals(422, f.api("POST", "/groups", "{\"group\":{\"name\":\" \"}}").statusCode());
    JsonNode list = json(f.api("GET", "/groups", null));
    assertEquals(1, list.path("count").asInt());
    assertEquals("Billing", list.path("groups").get(0).path("name").asText());
    assertEquals("Billing", json(f.api("GET", "/groups/" + id, null)).path("group").path("name").asText());
  }

  @Test
  void ticketCreateShowUpdateAndComments() throws Exception {
    long group = f.zendesk.createGroup("Support");
    HttpResponse<String> created = f.api("POST", "/tickets", "{\"ticket\":{\"subject\":\"Help\",\"comment\":{"
        + "\"body\":\"Transcript so far\",\"public\":false},\"requester\":{\"name\":\"Vi Sitor\",\"email\":"
        + "\"vi@example.com\"},\"group_id\":" + group + ",\"tags\":[\"baton\",\"Hand Over\"],\"priority\":\"high\","
        + "\"external_id\":\"conv-1\",\"custom_fields\":[{\"id\":77,\"value\":\"gold\"}]}}");
    assertEquals(201, created.statusCode(), created.body());
    JsonNode t = json(created).path("ticket");
    long id = t.path("id").asLong();
    long requester = t.path("requester_id").asLong();
    assertEquals("new", t.path("status").asText());
    assertEquals(group, t.path("group_id").asLong());
    assertEquals(List.of("baton", "hand", "over"), strings(t.path("tags")));
    assertEquals("gold", t.path("custom_fields").get(0).path("value").asText());
    assertEquals("conv-1", t.path("external_id").asText());
    assertEquals("end-user", f.zendesk.userByEmail("vi@example.com").orElseThrow().role());
    assertEquals(requester, t.path("submitter_id").asLong(), "through the API the requester is the submitter");

    HttpResponse<String> updated = f.api("PUT", "/tickets/" + id, "{\"ticket\":{\"comment\":{\"body\":\"Hi, I am "
        + "here\",\"author_id\":" + requester + "},\"status\":\"open\",\"additional_tags\":[\"vip\"]}}");
    assertEquals(200, updated.statusCode(), updated.body());
    JsonNode audit = json(updated).path("audit");
    assertEquals(id, audit.path("ticket_id").asLong());
    assertEquals("Comment", audit.path("events").get(0).path("type").asText());
    assertEquals("status", audit.path("events").get(1).path("field_name").asText());
    assertEquals("new", audit.path("events").get(1).path("previous_value").asText());
    assertEquals("open", json(updated).path("ticket").path("status").asText());

    assertEquals(200, f.api("PUT", "/tickets/" + id, "{\"ticket\":{\"comment\":{\"body\":\"Agent here\",\"public\":"
        + "true}}}").statusCode());

    JsonNode comments = json(f.api("GET", "/tickets/" + id + "/comments", null));
    assertEquals(3, comments.path("count").asInt());
    assertFalse(comments.path("comments").get(0).path("public").asBoolean());
    assertEquals(requester, comments.path("comments").get(0).path("author_id").asLong());
    assertEquals("Hi, I am here", comments.path("comments").get(1).path("body").asText());
    assertFalse(comments.path("comments").get(1).path("public").asBoolean(),
        "without \"public\" a comment takes the first comment's value");
    assertTrue(comments.path("comments").get(2).path("public").asBoolean());
    assertEquals("Help", json(f.api("GET", "/tickets/" + id, null)).path("ticket").path("subject").asText());
    JsonNode byExternalId = json(f.api("GET", "/tickets?external_id=conv-1", null));
    assertEquals(1, byExternalId.path("count").asInt());
    assertEquals(id, byExternalId.path("tickets").get(0).path("id").asLong());
    assertEquals(0, json(f.api("GET", "/tickets?external_id=conv-2", null)).path("count").asInt());
  }

  @Test
  void anIdempotencyKeyCreatesOneTicketAndAnswersARepeatWithTheSameTicket() throws Exception {
    String body = "{\"ticket\":{\"comment\":{\"body\":\"once\"},\"requester\":{\"email\":\"id@example.com\"}}}";
    HttpResponse<String> first = keyed("k-1", body);
    assertEquals(201, first.statusCode());
    assertEquals("miss", first.headers().firstValue("x-idempotency-lookup").orElseThrow());
    HttpResponse<String> again = keyed("k-1", body);
    assertEquals(201, again.statusCode());
    assertEquals("hit", again.headers().firstValue("x-idempotency-lookup").orElseThrow());
    assertEquals(first.body(), again.body());
    assertEquals(1, f.zendesk.tickets().size());
    HttpResponse<String> other = keyed("k-1", body.replace("once", "twice"));
    assertEquals(400, other.statusCode());
    assertEquals("IdempotentRequestError", json(other).path("error").asText());
    assertEquals(422, keyed("k-2", "{\"ticket\":{\"subject\":\"no comment\"}}").statusCode());
    assertEquals(201, keyed("k-2", body).statusCode(), "a refused request keeps nothing under its key");
    assertEquals(2, f.zendesk.tickets().size());
  }

  private HttpResponse<String> keyed(String key, String body) throws Exception {
    return ZendeskFixture.HTTP.send(HttpRequest.newBuilder(URI.create(f.base() + "/zendesk/api/v2/tickets"))
        .header("Authorization", ZendeskFixture.AUTH).header("Content-Type", "application/json")
        .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void badTicketInputIsRefusedAndChangesNothing() throws Exception {
    String requester = "\"requester\":{\"name\":\"New\",\"email\":\"new@example.com\"}";
    assertInvalid(f.api("POST", "/tickets", "{\"ticket\":{\"subject\":\"x\"," + requester + "}}"), "description");
    assertInvalid(f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"x\"}," + requester
        + ",\"group_id\":123}}"), "group");
    assertInvalid(f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"x\"}," + requester
        + ",\"status\":\"done\"}}"), "status");
    assertInvalid(f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"x\"}," + requester
        + ",\"priority\":\"asap\"}}"), "priority");
    assertInvalid(f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"x\"},\"requester_id\":5}}"),
        "requester");
    long endUser = json(f.api("POST", "/users", "{\"user\":{\"name\":\"E\",\"email\":\"e@example.com\"}}"))
        .path("user").path("id").asLong();
    assertInvalid(f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"x\"}," + requester
        + ",\"assignee_id\":" + endUser + "}}"), "assignee");
    assertEquals(400, f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"x\"},\"tags\":\"a\"}}")
        .statusCode());
    assertTrue(f.zendesk.tickets().isEmpty());
    assertTrue(f.zendesk.userByEmail("new@example.com").isEmpty(), "a refused ticket creates no requester");
  }

  @Test
  void anUpdateCanNameAnotherRequesterByEmail() throws Exception {
    long id = json(f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"x\"},\"requester\":{\"email\":"
        + "\"first@example.com\"}}}")).path("ticket").path("id").asLong();
    assertEquals(422, f.api("PUT", "/tickets/" + id, "{\"ticket\":{\"requester\":{\"email\":\"broken\"}}}")
        .statusCode());
    HttpResponse<String> r = f.api("PUT", "/tickets/" + id, "{\"ticket\":{\"requester\":{\"name\":\"Sec Ond\","
        + "\"email\":\"second@example.com\"}}}");
    assertEquals(200, r.statusCode(), r.body());
    SupportUser second = f.zendesk.userByEmail("second@example.com").orElseThrow();
    assertEquals("Sec Ond", second.name());
    assertEquals(second.id(), json(r).path("ticket").path("requester_id").asLong());
    assertEquals("requester_id", json(r).path("audit").path("events").get(0).path("field_name").asText());
  }

  @Test
  void commentsComeAHundredAPageFollowingNextPage() throws Exception {
    long id = json(f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"c0\"},\"requester\":{\"email\":"
        + "\"p@example.com\"}}}")).path("ticket").path("id").asLong();
    for (int i = 1; i < 5; i++) {
      f.zendesk.agent().comment(id, "c" + i, true);
    }
    List<String> bodies = new java.util.ArrayList<>();
    String next = f.base() + "/zendesk/api/v2/tickets/" + id + "/comments.json?per_page=2";
    int pages = 0;
    while (next != null) {
      JsonNode page = json(f.call("GET", next.substring(f.base().length()), null));
      assertEquals(5, page.path("count").asInt());
      page.path("comments").forEach(c -> bodies.add(c.path("body").asText()));
      next = page.path("next_page").isNull() ? null : page.path("next_page").asText();
      pages++;
    }
    assertEquals(3, pages);
    assertEquals(List.of("c0", "c1", "c2", "c3", "c4"), bodies);
    assertEquals(5, json(f.api("GET", "/tickets/" + id + "/comments?per_page=500", null)).path("comments").size(),
        "more than 100 a page is a page of 100");
    assertEquals(400, f.api("GET", "/tickets/" + id + "/comments?page=0", null).statusCode());
    assertEquals("c4", json(f.api("GET", "/tickets/" + id + "/comments?sort_order=desc&per_page=1", null))
        .path("comments").get(0).path("body").asText());
  }

  @Test
  void aClosedTicketCannotBeUpdated() throws Exception {
    long id = json(f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"x\"},\"requester\":{\"email\":"
        + "\"c@example.com\"}}}")).path("ticket").path("id").asLong();
    assertEquals(200, f.api("PUT", "/tickets/" + id, "{\"ticket\":{\"status\":\"solved\"}}").statusCode());
    assertEquals(ZendeskSupportSimulator.API_EMAIL, f.zendesk.withDirectory(d -> d.user(
        f.zendesk.ticket(id).orElseThrow().assigneeId()).email()), "solving assigns the solver");
    assertEquals(200, f.api("PUT", "/tickets/" + id, "{\"ticket\":{\"status\":\"closed\"}}").statusCode());
    HttpResponse<String> r = f.api("PUT", "/tickets/" + id, "{\"ticket\":{\"comment\":{\"body\":\"late\"}}}");
    assertEquals(422, r.statusCode());
    assertEquals("Status: closed prevents ticket update",
        json(r).path("details").path("status").get(0).path("description").asText());
    assertEquals(1, f.zendesk.ticket(id).orElseThrow().comments().size());
  }

  @Test
  void uploadsAttachToACommentAndAreServed() throws Exception {
    HttpResponse<String> up = ZendeskFixture.HTTP.send(HttpRequest.newBuilder(URI.create(f.base()
        + "/zendesk/api/v2/uploads?filename=note%20one.txt")).header("Authorization", ZendeskFixture.AUTH)
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("file body")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, up.statusCode(), up.body());
    String token = json(up).path("upload").path("token").asText();
    assertEquals("note one.txt", json(up).path("upload").path("attachment").path("file_name").asText());
    assertEquals(400, f.api("POST", "/uploads", "x").statusCode(), "filename is required");

    long id = json(f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"see file\",\"uploads\":[\""
        + token + "\",\"unknown-token\"]},\"requester\":{\"email\":\"u@example.com\"}}}")).path("ticket")
        .path("id").asLong();
    JsonNode attachments = json(f.api("GET", "/tickets/" + id + "/comments", null)).path("comments").get(0)
        .path("attachments");
    assertEquals(1, attachments.size(), "an unknown token is ignored");
    assertEquals("text/plain", attachments.get(0).path("content_type").asText());
    HttpResponse<String> content = ZendeskFixture.HTTP.send(HttpRequest.newBuilder(URI.create(
        attachments.get(0).path("content_url").asText())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("file body", content.body());
    String second = json(ZendeskFixture.HTTP.send(HttpRequest.newBuilder(URI.create(f.base()
        + "/zendesk/api/v2/uploads?filename=b.bin")).header("Authorization", ZendeskFixture.AUTH)
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})).build(), HttpResponse.BodyHandlers.ofString()))
        .path("upload").path("token").asText();
    assertEquals(200, f.api("PUT", "/tickets/" + id, "{\"ticket\":{\"comment\":{\"uploads\":[\"" + second
        + "\"]}}}").statusCode(), "a comment may be files only");
    assertEquals("b.bin", f.zendesk.ticket(id).orElseThrow().comments().get(1).attachments().get(0).fileName());
    long other = json(f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"again\",\"uploads\":[\""
        + token + "\"]},\"requester\":{\"email\":\"u@example.com\"}}}")).path("ticket").path("id").asLong();
    assertTrue(f.zendesk.ticket(other).orElseThrow().comments().get(0).attachments().isEmpty(),
        "a token is used once");
  }

  @Test
  void theDocsJsonSuffixWorksToo() throws Exception {
    assertEquals(ZendeskSupportSimulator.API_EMAIL, json(f.api("GET", "/users/me.json", null)).path("user")
        .path("email").asText());
    long id = json(f.api("POST", "/tickets.json", "{\"ticket\":{\"comment\":{\"body\":\"x\"},\"requester\":{\"email\":"
        + "\"j@example.com\"}}}")).path("ticket").path("id").asLong();
    assertEquals(200, f.api("PUT", "/tickets/" + id + ".json", "{\"ticket\":{\"status\":\"open\"}}").statusCode());
    assertEquals(1, json(f.api("GET", "/tickets/" + id + "/comments.json", null)).path("count").asInt());
  }

  @Test
  void injectedFaultsRefuseACallOrLoseItsAnswer() throws Exception {
    assertEquals(201, f.call("POST", "/sandbox/zendesk/faults", "{\"path\":\"tickets.create\",\"status\":503,"
        + "\"retryAfterSeconds\":2}", null).statusCode());
    HttpResponse<String> refused = f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"x\"},"
        + "\"requester\":{\"email\":\"k@example.com\"}}}");
    assertEquals(503, refused.statusCode());
    assertEquals("2", refused.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(f.zendesk.tickets().isEmpty(), "a refused call changes nothing");
    long id = json(f.api("POST", "/tickets", "{\"ticket\":{\"comment\":{\"body\":\"x\"},\"requester\":{\"email\":"
        + "\"k@example.com\"}}}")).path("ticket").path("id").asLong();
    f.zendesk.faults().loseNext("tickets.update", 1);
    HttpResponse<String> lost = f.api("PUT", "/tickets/" + id, "{\"ticket\":{\"comment\":{\"body\":\"once\"}}}");
    assertEquals(503, lost.statusCode());
    assertEquals(List.of("x", "once"), f.zendesk.ticket(id).orElseThrow().comments().stream()
        .map(Ticket.Comment::body).toList(), "a lost answer's update was carried out");
  }

  private static void assertInvalid(HttpResponse<String> r, String field) throws Exception {
    assertEquals(422, r.statusCode(), r.body());
    assertEquals("RecordInvalid", json(r).path("error").asText());
    assertTrue(json(r).path("details").has(field), r.body());
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new java.util.ArrayList<>();
    array.forEach(n -> list.add(n.asText()));
    return list;
  }
}
