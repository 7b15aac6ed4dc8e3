package io.baton.sandbox.chat2desk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The company's clients: each first wrote on one channel (the one their messages go out on), with a nickname, a phone
 * and, on an external channel, the caller's {@code external_id}. Guarded by the simulator's monitor.
 */
final class Chat2DeskClients {
  static final class Client {
    final long id;
    final long channelId;
    String name;
    final String phone;
    final String externalId;
    /** Whether the client has written yet ({@code is_new_client} on the first message). */
    boolean wrote;

    Client(long id, long channelId, String name, String phone, String externalId) {
      this.id = id;
      this.channelId = channelId;
      this.name = name;
      this.phone = phone;
      this.externalId = externalId;
    }
  }

  private final Map<Long, Client> clients = new LinkedHashMap<>();
  // Ids like the seed's (500482964), differing between runs so a stale id never matches.
  private final AtomicLong nextId = new AtomicLong(500_000_000L + (System.currentTimeMillis() % 100_000) * 1000);

  Client create(long channelId, String name, String phone, String externalId) {
    Client c = new Client(nextId.incrementAndGet(), channelId, name, phone, externalId);
    clients.put(c.id, c);
    return c;
  }

  Client get(long id) {
    Client c = clients.get(id);
    if (c == null) {
      throw Chat2DeskError.notFound("Client");
    }
    return c;
  }

  /** For a field naming a client: an unknown one is that field's 400. */
  Client forField(String field, long id) {
    Client c = clients.get(id);
    if (c == null) {
      throw Chat2DeskError.field(field, "is not a client of the company");
    }
    return c;
  }

  Optional<Client> byExternalId(long channelId, String externalId) {
    return clients.values().stream().filter(c -> c.channelId == channelId && externalId.equals(c.externalId))
        .findFirst();
  }

  Optional<Client> byPhone(long channelId, String phone) {
    return clients.values().stream().filter(c -> c.channelId == channelId && phone.equals(c.phone)).findFirst();
  }

  List<Client> all() {
    return List.copyOf(clients.values());
  }
}
