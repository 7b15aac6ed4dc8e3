package io.baton.connector.zendesk.support;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Zendesk's Update Ticket limits: 30 updates of one ticket per 10 minutes by one user, and (per account) 100
 * updates a minute. The ticket's count lives in its link ({@link SupportTicket#updates}), so a restart does not
 * forget it; the account's is per instance (the account's 429 with {@code Retry-After} covers the rest). Once half a
 * ticket's budget is spent, its updates are paced (one per 20 seconds): lines wait at most that long, never minutes.
 */
final class UpdateBudget {
  static final int PER_TICKET = 30;
  static final Duration TICKET_WINDOW = Duration.ofMinutes(10);
  static final int PER_ACCOUNT = 100;
  static final Duration ACCOUNT_WINDOW = Duration.ofMinutes(1);

  private final int perTicket;
  private final int perAccount;
  private final Map<String, Deque<Long>> accounts = new ConcurrentHashMap<>();

  UpdateBudget(int perTicket, int perAccount) {
    this.perTicket = perTicket;
    this.perAccount = perAccount;
  }

  /** How long until the ticket may be updated again (zero: now); drops what is out of the window. */
  Duration ticketWait(SupportTicket t, long now) {
    synchronized (t) {
      List<Long> updates = t.updates;
      updates.removeIf(at -> at <= now - TICKET_WINDOW.toMillis());
      if (updates.size() >= perTicket) {
        return Duration.ofMillis(updates.get(updates.size() - perTicket) + TICKET_WINDOW.toMillis() - now + 1);
      }
      if (updates.size() >= perTicket / 2) {
        // Half the budget spent: one update per window/limit at most, so a chatty visitor's lines gather into
        // fewer updates and keep flowing, instead of stopping for minutes once the budget is gone.
        long next = updates.get(updates.size() - 1) + TICKET_WINDOW.toMillis() / perTicket;
        return next > now ? Duration.ofMillis(next - now) : Duration.ZERO;
      }
      return Duration.ZERO;
    }
  }

  /** Takes one of the account's updates now, or says how long until one is free. */
  Duration takeAccount(String connection, long now) {
    Deque<Long> recent = accounts.computeIfAbsent(connection, c -> new ArrayDeque<>());
    synchronized (recent) {
      while (!recent.isEmpty() && recent.peekFirst() <= now - ACCOUNT_WINDOW.toMillis()) {
        recent.pollFirst();
      }
      if (recent.size() >= perAccount) {
        return Duration.ofMillis(recent.peekFirst() + ACCOUNT_WINDOW.toMillis() - now + 1);
      }
      recent.addLast(now);
      return Duration.ZERO;
    }
  }

  /** An update of the ticket went through. */
  static void updated(SupportTicket t, long now) {
    synchronized (t) {
      t.updates.add(now);
    }
  }
}
