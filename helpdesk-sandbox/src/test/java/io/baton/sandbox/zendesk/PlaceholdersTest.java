package io.baton.sandbox.zendesk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
  private final SupportDirectory directory = new SupportDirectory(new Ids(1));
  private final SupportUser requester = directory.create("Ann Lee", "ann@example.com", SupportUser.END_USER, "ext-9");
  private final SupportUser agent = directory.create("Kim", "kim@example.com", SupportUser.AGENT, null);
  private final Ticket ticket = new Ticket(42, requester.id(), requester.id(), "api", Instant.now());

  PlaceholdersTest() {
    ticket.subject = "Parcel";
    ticket.status = "pending";
    ticket.groupId = directory.createGroup("Billing").id();
    ticket.assigneeId = agent.id();
    ticket.customFields.put(77L, "gold");
    ticket.tags.addAll(List.of("a", "b"));
    ticket.comments.add(new Ticket.Comment(5, agent.id(), "Two files", "<p>Two files</p>", true, List.of(
        new Ticket.Attachment(6, "one.pdf", "application/pdf", new byte[1]),
        new Ticket.Attachment(7, "two words.png", "image/png", new byte[1])), 4, "web", Instant.now()));
  }

  private String render(String template, boolean json) {
    Map<String, String> values = Placeholders.values(ticket, agent, directory, "http://sb/zendesk/api/v2",
        "https://x.zendesk.com/agent");
    return Placeholders.render(template, values, Placeholders.attachments(ticket, "http://sb/zendesk/attachments"),
        json);
  }

  @Test
  void ticketUsersGroupAndCustomFields() {
    assertEquals("42 Parcel Pending a b Billing gold Ann Lee Ann Lee ext-9 Kim agent kim@example.com",
        render("{{ticket.id}} {{ticket.title}} {{ticket.status}} {{ticket.tags}} {{ticket.group.name}} "
            + "{{ticket.ticket_field_77}} {{ticket.requester.name}} {{ ticket.requester.first_name }} "
            + "{{ticket.requester.last_name}} {{ticket.requester.external_id}} {{ticket.assignee.name}} "
            + "{{current_user.role}} {{current_user.email}}", false));
  }

  @Test
  void unknownPlaceholdersAndEmptyFieldsRenderBlank() {
    assertEquals("[][]", render("[{{ticket.nothing_here}}][{{ticket.external_id}}]", false));
  }

  @Test
  void theAttachmentLoopListsTheLatestCommentsFilesWithSeparators() {
    assertEquals("one.pdf=http://sb/zendesk/attachments/6/one.pdf,two words.png="
        + "http://sb/zendesk/attachments/7/two%20words.png",
        render("{% for attachment in "
            + "ticket.latest_comment.attachments %}{{attachment.filename}}={{attachment.url}}{% unless forloop.last %},"
            + "{% endunless %}{% endfor %}", false));
  }

  @Test
  void valuesAreJsonEscapedIntoAJsonBody() {
    requester.name = "Ann \"The\" Lee\\";
    assertEquals("{\"n\":\"Ann \\\"The\\\" Lee\\\\\"}", render("{\"n\":\"{{ticket.requester.name}}\"}", true));
    assertEquals("Ann \"The\" Lee\\", render("{{ticket.requester.name}}", false));
  }
}
