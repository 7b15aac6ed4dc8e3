package io.baton.sandbox.gorgias;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The account's customers: an email (unique: a second customer with it is 409, as the errors page says), a name, an
 * external id and channels ({@code {type, address}}). A customer's email is also its {@code email} channel. Guarded
 * by the simulator's monitor.
 */
final class GorgiasCustomers {
  static final String EMAIL = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";
  private static final AtomicLong IDS = new AtomicLong(5000);

  record Channel(long id, String type, String address) {}

  static final class Customer {
    final long id;
    final String email;
    final String name;
    final String externalId;
    final List<Channel> channels;
    final Instant created;

    Customer(long id, String email, String name, String externalId, List<Channel> channels, Instant created) {
      this.id = id;
      this.email = email;
      this.name = name;
      this.externalId = externalId;
      this.channels = List.copyOf(channels);
      this.created = created;
    }

    String firstname() {
      return name == null ? "" : name.contains(" ") ? name.substring(0, name.indexOf(' ')) : name;
    }

    String lastname() {
      return name == null || !name.contains(" ") ? "" : name.substring(name.indexOf(' ') + 1);
    }
  }

  private final Map<Long, Customer> byId = new LinkedHashMap<>();

  /** A new customer; its email (if any) must not be another customer's (409). */
  Customer create(String email, String name, String externalId, List<Channel> channels) {
    String lower = email == null ? null : email.toLowerCase(Locale.ROOT);
    if (lower != null && byEmail(lower).isPresent()) {
      throw new GorgiasError(409, "A customer with the email " + lower + " already exists.", "email");
    }
    List<Channel> all = new ArrayList<>();
    if (lower != null) {
      all.add(new Channel(IDS.incrementAndGet(), "email", lower));
    }
    for (Channel c : channels) {
      if (!(c.type().equals("email") && c.address().equalsIgnoreCase(lower))) {
        all.add(new Channel(IDS.incrementAndGet(), c.type(), c.address()));
      }
    }
    Customer c = new Customer(IDS.incrementAndGet(), lower, name, externalId, all, Instant.now());
    byId.put(c.id, c);
    return c;
  }

  Optional<Customer> find(long id) {
    return Optional.ofNullable(byId.get(id));
  }

  Customer get(long id) {
    return find(id).orElseThrow(() -> GorgiasError.notFound("Customer", id));
  }

  Optional<Customer> byEmail(String email) {
    return byId.values().stream().filter(c -> c.email != null && c.email.equalsIgnoreCase(email)).findFirst();
  }

  /** Customers, oldest first. */
  List<Customer> all() {
    return new ArrayList<>(byId.values());
  }
}
