package io.baton.sandbox.kustomer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The org's customers: an email belongs to one customer only (a second one is 409 {@code duplicate} [guess]), as does
 * an {@code externalId}. Guarded by the simulator's monitor.
 */
final class KustomerCustomers {
  static final List<String> EMAIL_TYPES = List.of("home", "work", "other");

  record Email(String type, String email) {}

  static final class Customer {
    final String id;
    final Instant createdAt;
    String name;
    String externalId;
    List<Email> emails;
    List<String> tags;

    Customer(String id, String name, String externalId, List<Email> emails, List<String> tags) {
      this.id = id;
      this.createdAt = Instant.now();
      this.name = name;
      this.externalId = externalId;
      this.emails = List.copyOf(emails);
      this.tags = List.copyOf(tags);
    }

    /** The first email, or null. */
    String email() {
      return emails.isEmpty() ? null : emails.get(0).email();
    }
  }

  private final Map<String, Customer> byId = new LinkedHashMap<>();

  Customer create(String name, String externalId, List<Email> emails, List<String> tags) {
    checkUnique(null, externalId, emails);
    Customer c = new Customer(KustomerIds.next(), name, externalId, emails, tags);
    byId.put(c.id, c);
    return c;
  }

  /** PATCH: the given fields replace the customer's (null: unchanged). */
  void update(Customer c, String name, List<Email> emails, List<String> tags) {
    if (emails != null) {
      checkUnique(c, null, emails);
      c.emails = List.copyOf(emails);
    }
    if (name != null) {
      c.name = name;
    }
    if (tags != null) {
      c.tags = List.copyOf(tags);
    }
  }

  Optional<Customer> find(String id) {
    return Optional.ofNullable(id == null ? null : byId.get(id));
  }

  Customer get(String id) {
    return find(id).orElseThrow(() -> KustomerError.notFound("Customer", id));
  }

  Optional<Customer> byEmail(String email) {
    String wanted = email.toLowerCase(Locale.ROOT);
    return byId.values().stream()
        .filter(c -> c.emails.stream().anyMatch(e -> e.email().toLowerCase(Locale.ROOT).equals(wanted))).findFirst();
  }

  Optional<Customer> byExternalId(String externalId) {
    return byId.values().stream().filter(c -> externalId.equals(c.externalId)).findFirst();
  }

  List<Customer> all() {
    return new ArrayList<>(byId.values());
  }

  private void checkUnique(Customer self, String externalId, List<Email> emails) {
    for (int i = 0; i < emails.size(); i++) {
      Optional<Customer> other = byEmail(emails.get(i).email());
      if (other.isPresent() && other.get() != self) {
        throw KustomerError.conflict("duplicate", "A customer with email " + emails.get(i).email()
            + " already exists: " + other.get().id, "/emails/" + i + "/email");
      }
    }
    if (externalId != null && byExternalId(externalId).isPresent()) {
      throw KustomerError.conflict("duplicate", "A customer with externalId " + externalId + " already exists: "
          + byExternalId(externalId).get().id, "/externalId");
    }
  }
}
