package io.baton.sandbox.kit;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An {@link AgentDesk} put together from a simulator's own methods: a simulator names what each desk action does on
 * its platform and how its refusals read as {@link DeskException}s; the actions it does not name are the ones its
 * platform's agents do not have (400).
 */
public final class Desk implements AgentDesk {
  private final String platform;
  private final Supplier<List<DeskChat>> chats;
  private final Function<String, Optional<DeskChat>> chat;
  private final Map<DeskAction, BiConsumer<String, Object>> handlers;
  private final Function<RuntimeException, DeskException> refusals;

  private Desk(Builder b) {
    this.platform = b.platform;
    this.chats = b.chats;
    this.chat = b.chat;
    this.handlers = Map.copyOf(b.handlers);
    this.refusals = b.refusals;
  }

  /** A desk for {@code platform} listing {@code chats} and finding one by id with {@code chat}. */
  public static Builder of(String platform, Supplier<List<DeskChat>> chats,
      Function<String, Optional<DeskChat>> chat) {
    return new Builder(platform, chats, chat);
  }

  public static final class Builder {
    private final String platform;
    private final Supplier<List<DeskChat>> chats;
    private final Function<String, Optional<DeskChat>> chat;
    private final Map<DeskAction, BiConsumer<String, Object>> handlers = new EnumMap<>(DeskAction.class);
    private Function<RuntimeException, DeskException> refusals = e -> null;

    private Builder(String platform, Supplier<List<DeskChat>> chats, Function<String, Optional<DeskChat>> chat) {
      this.platform = platform;
      this.chats = chats;
      this.chat = chat;
    }

    public Builder accept(BiConsumer<String, String> accept) {
      return on(DeskAction.ACCEPT, (id, name) -> accept.accept(id, (String) name));
    }

    public Builder say(BiConsumer<String, String> say) {
      return on(DeskAction.SAY, (id, text) -> say.accept(id, (String) text));
    }

    public Builder typing(BiConsumer<String, Boolean> typing) {
      return on(DeskAction.TYPING, (id, on) -> typing.accept(id, (Boolean) on));
    }

    public Builder leave(Consumer<String> leave) {
      return on(DeskAction.LEAVE, (id, none) -> leave.accept(id));
    }

    public Builder transfer(BiConsumer<String, String> transfer) {
      return on(DeskAction.TRANSFER, (id, name) -> transfer.accept(id, (String) name));
    }

    public Builder end(Consumer<String> end) {
      return on(DeskAction.END, (id, none) -> end.accept(id));
    }

    /** How the simulator's exceptions read on the desk; null for one that is not a refusal (it is rethrown). */
    public Builder refusals(Function<RuntimeException, DeskException> refusals) {
      this.refusals = refusals;
      return this;
    }

    public Desk build() {
      return new Desk(this);
    }

    private Builder on(DeskAction action, BiConsumer<String, Object> handler) {
      handlers.put(action, handler);
      return this;
    }
  }

  @Override
  public String platform() {
    return platform;
  }

  @Override
  public Set<DeskAction> actions() {
    return handlers.keySet();
  }

  @Override
  public List<DeskChat> chats() {
    return chats.get();
  }

  @Override
  public Optional<DeskChat> chat(String chatId) {
    return chat.apply(chatId);
  }

  /** The chat as it is now: 404 when there is none. */
  public DeskChat require(String chatId) {
    return chat(chatId).orElseThrow(() -> DeskException.notFound(platform, chatId));
  }

  @Override
  public void accept(String chatId, String agentName) {
    run(DeskAction.ACCEPT, chatId, agentName);
  }

  @Override
  public void say(String chatId, String text) {
    run(DeskAction.SAY, chatId, text);
  }

  @Override
  public void typing(String chatId, boolean typing) {
    run(DeskAction.TYPING, chatId, typing);
  }

  @Override
  public void leave(String chatId) {
    run(DeskAction.LEAVE, chatId, null);
  }

  @Override
  public void transfer(String chatId, String agentName) {
    run(DeskAction.TRANSFER, chatId, agentName);
  }

  @Override
  public void end(String chatId) {
    run(DeskAction.END, chatId, null);
  }

  /** Runs a refusal-translated call: for what a simulator serves beside the desk actions. */
  public void refusing(Runnable call) {
    try {
      call.run();
    } catch (DeskException e) {
      throw e;
    } catch (RuntimeException e) {
      DeskException refusal = refusals.apply(e);
      throw refusal == null ? e : refusal;
    }
  }

  private void run(DeskAction action, String chatId, Object argument) {
    BiConsumer<String, Object> handler = handlers.get(action);
    if (handler == null) {
      throw DeskException.unsupported(platform, action);
    }
    refusing(() -> handler.accept(chatId, argument));
  }
}
