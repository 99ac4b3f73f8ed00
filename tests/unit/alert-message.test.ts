// The Slack body of an alert: markup characters escaped, one section with the text, a context line,
// and texts capped below Slack's limit for a section.
import { describe, expect, it } from "vitest";
import { escapeMrkdwn, formatAlertMessage } from "@/_shared/lib/alert-webhook";

describe("alert messages", () => {
  it("escapes the characters Slack mrkdwn reads as markup", () => {
    expect(escapeMrkdwn("a < b && c > d <!channel> <https://x|y>")).toBe("a &lt; b &amp;&amp; c &gt; d &lt;!channel&gt; &lt;https://x|y&gt;");
  });

  it("has the text at the top and in a section, and the context in a context block", () => {
    expect(formatAlertMessage(":rotating_light: [FIRING] Generation failing: m — job j failed.", "job_failed:m · 1 occurrence")).toEqual({
      text: ":rotating_light: [FIRING] Generation failing: m — job j failed.",
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: ":rotating_light: [FIRING] Generation failing: m — job j failed." } },
        { type: "context", elements: [{ type: "mrkdwn", text: "job_failed:m · 1 occurrence" }] },
      ],
    });
  });

  it("caps a long text below Slack's 3000-character section limit", () => {
    const message = formatAlertMessage("x".repeat(5000), "c".repeat(1000));
    expect(message.text).toHaveLength(2000);
    expect(message.text.endsWith("…")).toBe(true);
    expect(message.blocks?.[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: message.text } });
    expect((message.blocks?.[1] as { elements: Array<{ text: string }> }).elements[0].text).toHaveLength(300);
  });
});
