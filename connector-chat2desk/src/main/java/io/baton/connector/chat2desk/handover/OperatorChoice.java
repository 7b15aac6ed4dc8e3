package io.baton.connector.chat2desk.handover;

import io.baton.events.Chat2DeskHandover;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who gets a handed-over dialog, by the handover's payload: the named operator (Chat2Desk refuses an offline one
 * unless {@code forceAssign}); else, with a group, its online member with the fewest open dialogs, or the group's
 * queue when none is online; else any online operator with the fewest open dialogs. The bot's own operator is never
 * chosen. Ties go to the lowest operator id, so a repeated choice is the same.
 */
sealed interface OperatorChoice {
  /** Give the dialog to this operator. */
  record Assign(Chat2DeskOperator operator, boolean force) implements OperatorChoice {}

  /** Put the dialog into the group's queue: Chat2Desk assigns it when a member is free. */
  record Queue(String groupId, boolean force) implements OperatorChoice {}

  /** Nobody can take it: the handover fails with this reason. */
  record Refuse(String reason) implements OperatorChoice {}

  Comparator<Chat2DeskOperator> LEAST_BUSY = Comparator.comparingInt(Chat2DeskOperator::openDialogs)
      .thenComparing(o -> numeric(o.id()));

  /**
   * @param operators  every operator of the company
   * @param groups     the operator groups (id -> member ids); only read with a group in the payload
   * @param botOperator the connection's bot operator (null: none)
   */
  static OperatorChoice of(Chat2DeskHandover payload, Collection<Chat2DeskOperator> operators,
      Map<String, Set<String>> groups, String botOperator) {
    String named = blankToNull(payload.getOperatorId());
    if (named != null) {
      if (named.equals(botOperator)) {
        return new Refuse("operator " + named + " is the bot's own operator");
      }
      return operators.stream().filter(o -> o.id().equals(named)).findFirst()
          .<OperatorChoice>map(o -> new Assign(o, payload.getForceAssign()))
          .orElseGet(() -> new Refuse("Chat2Desk has no operator " + named));
    }
    String group = blankToNull(payload.getOperatorGroupId());
    if (group != null) {
      Set<String> members = groups.get(group);
      if (members == null) {
        return new Refuse("Chat2Desk has no operator group " + group);
      }
      return leastBusy(operators.stream().filter(o -> members.contains(o.id())).toList(), botOperator)
          .<OperatorChoice>map(o -> new Assign(o, payload.getForceAssign()))
          .orElseGet(() -> new Queue(group, payload.getForceAssign()));
    }
    return leastBusy(List.copyOf(operators), botOperator).<OperatorChoice>map(o -> new Assign(o, false))
        .orElseGet(() -> new Refuse("no Chat2Desk operator is online to take the dialog"));
  }

  private static Optional<Chat2DeskOperator> leastBusy(List<Chat2DeskOperator> candidates, String botOperator) {
    return candidates.stream().filter(o -> o.online() && !o.id().equals(botOperator)).min(LEAST_BUSY);
  }

  private static BigInteger numeric(String id) {
    try {
      return new BigInteger(id);
    } catch (NumberFormatException e) {
      return BigInteger.valueOf(Long.MAX_VALUE); // not Chat2Desk's: after every real id
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
