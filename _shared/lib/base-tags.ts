// The base tag library (categories `sexe`, `age`, `industrie` and their tags), and the display names
// pages show for tags and categories in each language. The API speaks slugs and the stored (French)
// names; an English page shows a base tag's English name until an admin renames the tag.

/** Slug -> French name (stored as the tag's name, as the API returns it) and English display name. */
export const BASE_TAGS: Record<string, { name: string; nameEn: string; nameFr: string; tags: Array<[slug: string, name: string, nameEn: string]> }> = {
  sexe: { name: "sexe", nameFr: "Sexe", nameEn: "Gender", tags: [["homme", "Homme", "Man"], ["femme", "Femme", "Woman"]] },
  age: { name: "age", nameFr: "Âge", nameEn: "Age", tags: [["jeune", "Jeune", "Young"], ["adulte", "Adulte", "Adult"], ["senior", "Senior", "Senior"]] },
  industrie: {
    name: "industrie",
    nameFr: "Industrie",
    nameEn: "Industry",
    tags: [
      ["medical", "Médical", "Medical"],
      ["immobilier", "Immobilier", "Real estate"],
      ["tech", "Tech", "Tech"],
      ["beaute", "Beauté", "Beauty"],
      ["finance", "Finance", "Finance"],
      ["restauration", "Restauration", "Food service"],
      ["mode", "Mode", "Fashion"],
      ["sport", "Sport", "Sport"],
      ["education", "Éducation", "Education"],
      ["automobile", "Automobile", "Automotive"],
      ["voyage", "Voyage", "Travel"],
      ["e-commerce", "E-commerce", "E-commerce"],
    ],
  },
};

type Locale = "en" | "fr";

/** A category's name as a page shows it: "Gender"/"Sexe"; other categories capitalised. */
export function categoryLabel(category: { slug: string; name: string }, locale: Locale): string {
  const base = BASE_TAGS[category.slug];
  if (base) return locale === "fr" ? base.nameFr : base.nameEn;
  return category.name.charAt(0).toUpperCase() + category.name.slice(1);
}

const BASE_TAG_NAMES = new Map(Object.values(BASE_TAGS).flatMap(({ tags }) => tags.map(([slug, name, nameEn]) => [slug, { name, nameEn }] as const)));

/** A tag's name as a page shows it: the stored name, or in English a base tag's English name (while it keeps its seeded name). */
export function tagLabel(tag: { slug: string; name: string }, locale: Locale): string {
  if (locale === "fr") return tag.name;
  const base = BASE_TAG_NAMES.get(tag.slug);
  return base && base.name === tag.name ? base.nameEn : tag.name;
}
