package io.baton.sandbox;

import io.baton.testkit.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The sandbox pages' in-page question (sandbox-calls.js {@code ask}; the pages never use a native prompt). */
public final class InPageQuestion {
  private InPageQuestion() {}

  /** Waits for the question, replaces the suggested answer with {@code answer} and presses OK. */
  public static void answer(WebDriver browser, String answer) {
    HeadlessChromium.waitFor("the page's question",
        () -> !browser.findElements(By.cssSelector("dialog.ask[open]")).isEmpty());
    WebElement input = browser.findElement(By.cssSelector("dialog.ask[open] input[name=answer]"));
    input.clear();
    input.sendKeys(answer);
    browser.findElement(By.cssSelector("dialog.ask[open] .ask-ok")).click();
    HeadlessChromium.waitFor("the question closed",
        () -> browser.findElements(By.cssSelector("dialog.ask")).isEmpty());
  }
}
