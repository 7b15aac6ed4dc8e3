package io.baton.sandbox.zendesk;

import java.time.Duration;

/**
 * The Support simulator's limits, documented values by default; tests shrink them to reach them quickly.
 *
 * @param accountRequests      requests per {@code accountWindow} for the account (the plan's limit a minute)
 * @param ticketUpdatesPerUser Update Ticket calls per user per ticket per {@code ticketUpdateWindow} (30 / 10 min)
 * @param accountUpdates       Update Ticket calls per account per {@code accountUpdateWindow} (100 / min)
 * @param maxComments          comments per ticket (5,000)
 * @param webhookRetryWait     the first wait before a webhook request is tried again (then doubling)
 * @param breakerWindow        the circuit breaker's window (5 minutes)
 * @param breakerPause         how long a tripped breaker sends nothing
 * @param breakerMinimum       requests in the window before the error ratio counts
 */
public record ZendeskSettings(int accountRequests, Duration accountWindow, int ticketUpdatesPerUser,
    Duration ticketUpdateWindow, int accountUpdates, Duration accountUpdateWindow, int maxComments,
    Duration webhookRetryWait, Duration breakerWindow, Duration breakerPause, int breakerMinimum) {

  public static ZendeskSettings defaults() {
    return new ZendeskSettings(700, Duration.ofMinutes(1), 30, Duration.ofMinutes(10), 100, Duration.ofMinutes(1),
        5000, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(5), 10);
  }

  public ZendeskSettings withAccountLimit(int requests, Duration window) {
    return new ZendeskSettings(requests, window, ticketUpdatesPerUser, ticketUpdateWindow, accountUpdates,
        accountUpdateWindow, maxComments, webhookRetryWait, breakerWindow, breakerPause, breakerMinimum);
  }

  public ZendeskSettings withTicketUpdateLimits(int perUserPerTicket, Duration ticketWindow, int perAccount,
      Duration accountWindow) {
    return new ZendeskSettings(accountRequests, this.accountWindow, perUserPerTicket, ticketWindow, perAccount,
        accountWindow, maxComments, webhookRetryWait, breakerWindow, breakerPause, breakerMinimum);
  }

  public ZendeskSettings withMaxComments(int max) {
    return new ZendeskSettings(accountRequests, accountWindow, ticketUpdatesPerUser, ticketUpdateWindow,
        accountUpdates, accountUpdateWindow, max, webhookRetryWait, breakerWindow, breakerPause, breakerMinimum);
  }

  public ZendeskSettings withWebhooks(Duration retryWait, Duration window, Duration pause, int minimum) {
    return new ZendeskSettings(accountRequests, accountWindow, ticketUpdatesPerUser, ticketUpdateWindow,
        accountUpdates, accountUpdateWindow, maxComments, retryWait, window, pause, minimum);
  }

  SupportRateLimits.Limits limits() {
    return new SupportRateLimits.Limits(accountRequests, accountWindow, ticketUpdatesPerUser, ticketUpdateWindow,
        accountUpdates, accountUpdateWindow);
  }
}
