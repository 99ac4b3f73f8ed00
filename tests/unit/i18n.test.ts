import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { categoryLabel, tagLabel } from "@/_shared/lib/base-tags";
import { LOCALES, localeFromAcceptLanguage, negotiateLocale, validTimeZone } from "@/i18n/locales";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { MESSAGES } from "@/messages";
import { formatDate, formatUsd } from "@/app/_lib/format";

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

/** The ICU argument names a message uses: "{count, plural, ...}" and "{name}" -> count, name. */
function argumentsOf(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\s*([A-Za-z_][\w]*)\s*(?:,|\})/g)].map((m) => m[1]))].sort();
}

describe("message catalogues", () => {
  it("every message file on disk is in messages/index.ts, under its file name", async () => {
    for (const locale of LOCALES) {
      const files = (await readdir(path.resolve(import.meta.dirname, "../../messages", locale))).filter((file) => file.endsWith(".json"));
      expect(Object.keys(MESSAGES[locale]).sort(), locale).toEqual(files.map((file) => path.basename(file, ".json")).sort());
    }
  });

  it("French and English have the same keys, and each message uses the same arguments in both", async () => {
    const [en, fr] = LOCALES.map((locale) => leaves(MESSAGES[locale] as Tree));
    expect([...fr.keys()].filter((key) => !en.has(key)), "in French only").toEqual([]);
    expect([...en.keys()].filter((key) => !fr.has(key)), "missing in French").toEqual([]);
    for (const [key, message] of en) expect(argumentsOf(fr.get(key)!), key).toEqual(argumentsOf(message));
    expect(en.size).toBeGreaterThan(10);
  });

  it("every message is valid ICU and formats with its arguments", async () => {
    for (const locale of LOCALES) {
      const messages = MESSAGES[locale];
      const problems: string[] = [];
      const t = createTranslator({ locale, messages, onError: (error) => problems.push(error.message) });
      for (const [key, message] of leaves(messages as Tree)) {
        const args = Object.fromEntries(argumentsOf(message).map((name) => [name, 1]));
        t.markup(key as never, { ...args, ...markupTags(message) } as never);
      }
      expect(problems, locale).toEqual([]);
    }
  });
});

/** Rich-text tags ("<link>…</link>") are given a formatter that keeps their text. */
function markupTags(message: string): Record<string, (chunks: string) => string> {
  return Object.fromEntries([...message.matchAll(/<([a-zA-Z]+)>/g)].map((m) => [m[1], (chunks: string) => chunks]));
}

describe("choosing the language", () => {
  it("the cookie wins, then the browser's ranking, then English", () => {
    expect(negotiateLocale("fr", "en-US,en;q=0.9")).toBe("fr");
    expect(negotiateLocale("de", "fr-CA,fr;q=0.9,en;q=0.8")).toBe("fr");
    expect(negotiateLocale(undefined, "de-DE,de;q=0.9,en;q=0.5,fr;q=0.4")).toBe("en");
    expect(negotiateLocale(undefined, "de-DE")).toBe("en");
    expect(negotiateLocale(undefined, null)).toBe("en");
    expect(localeFromAcceptLanguage("en;q=0, fr;q=0.1")).toBe("fr");
  });

  it("a time zone the runtime does not know falls back to UTC", () => {
    expect(validTimeZone("Europe/Paris")).toBe("Europe/Paris");
    expect(validTimeZone("Mars/Olympus")).toBe("UTC");
    expect(validTimeZone(undefined)).toBe("UTC");
  });
});

describe("locale formatting", () => {
  it("prices, dates and tag names follow the language", () => {
    expect(formatUsd(18.7, "en")).toBe("$18.70");
    expect(formatUsd(18.7, "fr")).toBe("18,70\u00a0$US");
    expect(formatUsd(0.004, "en")).toBe("$0.004");
    expect(formatDate("2026-11-27T10:00:00Z", "fr", "UTC")).toBe("27 nov. 2026");
    expect(formatDate("2026-11-27T10:00:00Z", "en", "UTC")).toBe("Nov 27, 2026");
    expect(tagLabel({ slug: "femme", name: "Femme" }, "en")).toBe("Woman");
    expect(tagLabel({ slug: "femme", name: "Femme" }, "fr")).toBe("Femme");
    // An admin's rename is shown as it is in both languages.
    expect(tagLabel({ slug: "femme", name: "Femmes actives" }, "en")).toBe("Femmes actives");
    expect(tagLabel({ slug: "surf", name: "Surf" }, "en")).toBe("Surf");
    expect(categoryLabel({ slug: "industrie", name: "industrie" }, "en")).toBe("Industry");
    expect(categoryLabel({ slug: "industrie", name: "industrie" }, "fr")).toBe("Industrie");
  });
});
