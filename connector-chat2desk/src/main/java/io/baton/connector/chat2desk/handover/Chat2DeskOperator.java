package io.baton.connector.chat2desk.handover;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Chat2Desk operator as {@code GET /operators} lists them: id, the name the visitor is shown (the first name, as a
 * chat introduces its agent; else the last name, the email, the id), whether online, and how many open dialogs they
 * hold.
 */
record Chat2DeskOperator(String id, String name, boolean online, int openDialogs) {

  static Chat2DeskOperator of(JsonNode operator) {
    String id = operator.path("id").asText();
    String name = operator.path("first_name").asText("").trim();
    if (name.isEmpty()) {
      name = operator.path("last_name").asText("").trim();
    }
    if (name.isEmpty()) {
      name = operator.path("email").asText("").trim();
    }
    if (name.isEmpty()) {
      name = "Operator " + id; // Chat2Desk gives every operator a name; this only covers an empty profile
    }
    return new Chat2DeskOperator(id, name, operator.path("online").asInt(0) == 1, operator.path("opened_dialogs")
        .asInt(0));
  }
}
