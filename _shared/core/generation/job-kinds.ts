import "server-only";
// A generation kind has one name everywhere ("text-to-video", ...: GenerationKind). Prisma's enum
// identifiers cannot hold dashes, so the database client spells them with underscores (the stored
// values are the dashed names): the two spellings meet here and nowhere else.
import type { BRollType as DbBRollType, JobKind as DbJobKind } from "@/_shared/lib/prisma";
import type { GenerationKind, VideoKind } from "@/_shared/schemas/generation-options";

const DB_KIND = {
  "text-to-image": "text_to_image",
  "image-edit": "image_edit",
  "image-to-video": "image_to_video",
  "text-to-video": "text_to_video",
} as const satisfies Record<GenerationKind, DbJobKind>;

const KIND = Object.fromEntries(Object.entries(DB_KIND).map(([kind, db]) => [db, kind])) as Record<DbJobKind, GenerationKind>;

export const toDbKind = <K extends GenerationKind>(kind: K): (typeof DB_KIND)[K] => DB_KIND[kind];
export const kindOfDb = (kind: DbJobKind): GenerationKind => KIND[kind];

/** A b-roll's type is the kind of video it was made by. */
export const toDbBRollType = (kind: VideoKind): DbBRollType => DB_KIND[kind];
export const bRollTypeOfDb = (type: DbBRollType): VideoKind => KIND[type] as VideoKind;
