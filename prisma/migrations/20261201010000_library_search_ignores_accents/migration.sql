-- Written by hand (Prisma cannot declare extensions' functions or expression indexes). The public
-- library's name search ignores case and accents: "ines" finds "Inès". Both extensions ship with
-- PostgreSQL's contrib (the embedded server's npm binaries and Debian's packages included) and are
-- trusted, so the database owner may create them.
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The form of a text that search compares: lower case, accents removed. unaccent() itself is only
-- STABLE (it reads a dictionary found through search_path). This body names the dictionary and is
-- bound when the function is created (SQL-standard body), so it is safe to declare IMMUTABLE and to
-- index, whatever the search_path of the session.
CREATE FUNCTION fold_for_search(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN lower(unaccent('unaccent'::regdictionary, value));

-- The search is "name contains q": a trigram index on the folded name serves LIKE '%q%' (a b-tree
-- cannot). Only public avatars are searched server-side. A schema-to-schema prisma migrate diff
-- never sees this index, so it never drops it either.
CREATE INDEX "Avatar_name_search_idx" ON "Avatar" USING gin (fold_for_search("name") gin_trgm_ops) WHERE "visibility" = 'public';
