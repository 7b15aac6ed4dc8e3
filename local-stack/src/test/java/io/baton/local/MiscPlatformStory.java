package io.baton.local;

import java.util.ArrayList;
import java.util.List;

/**
 * A widget visitor's handover to one of connector-misc's platforms as the widget and the agent see it, for
 * {@link MiscPlatformsWalkingSkeletonTest}: Ada says hello, picks the platform, Alex accepts and replies, Ada answers,
 * Alex ends the chat and the bot is back.
 */
final class MiscPlatformStory {
  static final String GREETING = "Hi! I am Baton's demo bot. Ask for a human whenever you want to talk to an agent.";
  static final String FINDING = "Let me find you a human. One moment…";
  static final String REPLY = " here. How can I help?";
  static final String ANSWER = "my order is late";

  private MiscPlatformStory() {
  }

  /** The widget's events, numbered as {@link BatonUnderTest#summary} shows them. */
  static List<String> widgetEvents(String platform, String agent) {
    boolean oracle = platform.equals("oracle_chat");
    List<String> story = new ArrayList<>(List.of(
        "visitor.message [bot] hello",
        "bot.message [bot] " + GREETING,
        "visitor.message [bot] " + widgetTitle(platform),
        "bot.message [bot] " + FINDING,
        "handover.started [agent] " + platform,
        "chat.queued [agent] "));
    if (oracle) {
      story.add("chat.queued [agent] position 1"); // Oracle's first system message tells the end user its position
    }
    story.add("agent.joined [agent] " + agent);
    if (oracle) {
      story.add("agent.message [agent] " + agent + ": " + oracleGreeting(agent));
    }
    story.addAll(List.of(
        "agent.message [agent] " + agent + ": Hi Ada, " + agent + REPLY,
        "visitor.message [agent] " + ANSWER,
        "chat.ended [agent] by agent",
        "control.returned [bot] the chat ended",
        "bot.message [bot] " + DemoBot.BACK));
    List<String> numbered = new ArrayList<>();
    for (int i = 0; i < story.size(); i++) {
      numbered.add((i + 1) + " " + story.get(i));
    }
    return numbered;
  }

  /** The desk's transcript once the agent ended the chat. */
  static List<String> deskAfterTheChat(String platform, String agent) {
    boolean oracle = platform.equals("oracle_chat");
    List<String> lines = new ArrayList<>(transcriptAtDesk(platform));
    if (oracle) {
      lines.add("agent: " + oracleGreeting(agent));
    }
    lines.addAll(List.of("agent: Hi Ada, " + agent + REPLY, "visitor: " + ANSWER));
    if (oracle) {
      lines.add("system: Concluded (AGENT_CONCLUDED)");
    }
    return lines;
  }

  /**
   * The bot's transcript as the agent sees it when the chat arrives: Kustomer's handoff imports the bot's lines as
   * the bot's; Freshchat has them as private notes of the "Baton Bot" agent and Gorgias as the API user's messages
   * (already sent: the visitor is not sent them again), each marked "Bot:"; Oracle's chat has them as the end user's
   * first message (the consumer API posts as the end user only).
   */
  static List<String> transcriptAtDesk(String platform) {
    String pick = widgetTitle(platform);
    return switch (platform) {
      case "kustomer" -> List.of("visitor: hello", "bot: " + GREETING, "visitor: " + pick, "bot: " + FINDING);
      case "freshchat", "gorgias" -> List.of("visitor: hello", "bot: Bot: " + GREETING, "visitor: " + pick,
          "bot: Bot: " + FINDING);
      default -> List.of("visitor: Conversation with the bot before this chat:\nVisitor: hello\nBot: " + GREETING
          + "\nVisitor: " + pick + "\nBot: " + FINDING);
    };
  }

  /** The quick reply the visitor taps (the widget sends its title). */
  static String widgetTitle(String platform) {
    return switch (platform) {
      case "kustomer" -> HandoverChoice.KUSTOMER.getTitle();
      case "freshchat" -> HandoverChoice.FRESHCHAT.getTitle();
      case "gorgias" -> HandoverChoice.GORGIAS.getTitle();
      default -> HandoverChoice.ORACLE.getTitle();
    };
  }

  /** The sandbox site's greeting when an agent accepts (a real site configures its own). */
  private static String oracleGreeting(String agent) {
    return "Hi, my name is " + agent + ". How can I help you?";
  }
}
