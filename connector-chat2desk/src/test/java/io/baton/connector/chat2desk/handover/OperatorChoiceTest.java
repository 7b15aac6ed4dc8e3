package io.baton.connector.chat2desk.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.events.Chat2DeskHandover;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorChoiceTest {
  static final String BOT = "1";
  static final Chat2DeskOperator BOT_OPERATOR = new Chat2DeskOperator(BOT, "Baton Bot", true, 0);
  static final Chat2DeskOperator ANNA = new Chat2DeskOperator("11", "Anna", true, 3);
  static final Chat2DeskOperator BORIS = new Chat2DeskOperator("12", "Boris", true, 1);
  static final Chat2DeskOperator CLARA = new Chat2DeskOperator("13", "Clara", false, 0);
  static final Chat2DeskOperator DAN = new Chat2DeskOperator("14", "Dan", true, 1);
  static final List<Chat2DeskOperator> ALL = List.of(BOT_OPERATOR, ANNA, BORIS, CLARA, DAN);
  static final Map<String, Set<String>> GROUPS = Map.of("7", Set.of("11", "13"), "8", Set.of("13"),
      "9", Set.of("1", "13"));

  static Chat2DeskHandover payload(String operator, String group, boolean force) {
    return new Chat2DeskHandover(operator, group, force);
  }

  @Test
  void theNamedOperatorGetsTheDialogOnlineOrNotWithForceAsAsked() {
    assertEquals(new OperatorChoice.Assign(CLARA, false), OperatorChoice.of(payload("13", null, false), ALL, GROUPS,
        BOT));
    assertEquals(new OperatorChoice.Assign(CLARA, true), OperatorChoice.of(payload("13", "7", true), ALL, GROUPS,
        BOT));
  }

  @Test
  void anUnknownOperatorOrTheBotsOwnIsRefused() {
    assertEquals(new OperatorChoice.Refuse("Chat2Desk has no operator 99"),
        OperatorChoice.of(payload("99", null, false), ALL, GROUPS, BOT));
    assertEquals(new OperatorChoice.Refuse("operator 1 is the bot's own operator"),
        OperatorChoice.of(payload("1", null, false), ALL, GROUPS, BOT));
  }

  @Test
  void aGroupGivesItToItsOnlineMemberWithTheFewestOpenDialogs() {
    assertEquals(new OperatorChoice.Assign(ANNA, true), OperatorChoice.of(payload(null, "7", true), ALL, GROUPS,
        BOT));
  }

  @Test
  void aGroupWithNobodyOnlineQueuesIt() {
    assertEquals(new OperatorChoice.Queue("8", false), OperatorChoice.of(payload(null, "8", false), ALL, GROUPS,
        BOT));
    // The bot's operator, though online and a member, is nobody to hand over to.
    assertEquals(new OperatorChoice.Queue("9", true), OperatorChoice.of(payload(null, "9", true), ALL, GROUPS, BOT));
  }

  @Test
  void anUnknownGroupIsRefused() {
    assertEquals(new OperatorChoice.Refuse("Chat2Desk has no operator group 5"),
        OperatorChoice.of(payload(null, "5", false), ALL, GROUPS, BOT));
  }

  @Test
  void withoutOperatorOrGroupTheLeastBusyOnlineHumanGetsItTiesToTheLowestId() {
    assertEquals(new OperatorChoice.Assign(BORIS, false), OperatorChoice.of(payload(null, null, false), ALL, GROUPS,
        BOT));
    assertEquals(new OperatorChoice.Assign(DAN, false), OperatorChoice.of(payload(" ", null, false),
        List.of(BOT_OPERATOR, ANNA, DAN), GROUPS, BOT));
  }

  @Test
  void withoutOperatorOrGroupAndNobodyOnlineTheHandoverFails() {
    assertEquals(new OperatorChoice.Refuse("no Chat2Desk operator is online to take the dialog"),
        OperatorChoice.of(payload(null, null, false), List.of(BOT_OPERATOR, CLARA), GROUPS, BOT));
  }
}
