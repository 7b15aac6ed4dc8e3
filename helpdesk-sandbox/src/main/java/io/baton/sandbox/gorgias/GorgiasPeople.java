package io.baton.sandbox.gorgias;

import io.baton.sandbox.gorgias.GorgiasMessageInput.Ref;
import java.util.List;

/**
 * Resolves the people a ticket or a message names: a customer by id (it must exist) or by email (an unknown email
 * becomes a new customer, as Gorgias does for a new sender), a user by id or email (it must exist). Each resolution
 * runs twice: first {@code dryRun} (everything that can fail fails, nothing changes), then for real, so a refused
 * request changes nothing.
 */
final class GorgiasPeople {
  private final GorgiasSimulator g;
  private final boolean dryRun;

  GorgiasPeople(GorgiasSimulator g, boolean dryRun) {
    this.g = g;
    this.dryRun = dryRun;
  }

  /** The customer's id; in a dry run -1 for one that would be created. */
  long customer(Ref ref, String at) {
    if (ref.id() != null) {
      return g.customers().find(ref.id()).orElseThrow(() -> GorgiasError.invalid(at + ".id",
          "Customer " + ref.id() + " not found.")).id;
    }
    return g.customers().byEmail(ref.email()).map(c -> c.id).orElseGet(() -> dryRun ? -1L
        : g.customers().create(ref.email(), ref.name(), null, List.of()).id);
  }

  long user(Ref ref, String at) {
    if (ref.id() != null) {
      return g.account().user(ref.id()).orElseThrow(() -> GorgiasError.invalid(at + ".id",
          "User " + ref.id() + " not found.")).id();
    }
    return g.account().byEmail(ref.email()).orElseThrow(() -> GorgiasError.invalid(at + ".email",
        "User " + ref.email() + " not found.")).id();
  }

  /**
   * A message's sender and receiver: a customer sends an incoming message; a user (the caller when none is named)
   * sends an outgoing one or an internal note, an outgoing one goes to the named receiver or the ticket's customer.
   */
  GorgiasTickets.Resolved message(GorgiasMessageInput m, String at, long ticketCustomer, long caller) {
    if (!m.fromAgent()) {
      return new GorgiasTickets.Resolved(m, customer(m.sender(), at + ".sender"), null);
    }
    long sender = m.sender() == null ? caller : user(m.sender(), at + ".sender");
    Long receiver = m.internalNote() ? null
        : m.receiver() == null ? Long.valueOf(ticketCustomer) : Long.valueOf(customer(m.receiver(), at + ".receiver"));
    return new GorgiasTickets.Resolved(m, sender, receiver);
  }
}
