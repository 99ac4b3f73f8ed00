// Slugs: the identifiers tags are filtered by in URLs (`?industrie=medical`). Lower case, accents
// folded ("Médical" -> "medical"), every run of other characters turned into one "-", trimmed.

// Letters that Unicode does not decompose into a base letter plus an accent.
const LIGATURES: Record<string, string> = { œ: "oe", æ: "ae", ß: "ss", ø: "o", đ: "d", ł: "l" };

export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[œæßøđł]/g, (letter) => LIGATURES[letter])
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
