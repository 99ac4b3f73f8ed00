import { z } from "zod";

/** A resource id in a path: anything that is not one simply finds nothing (404). */
export const idParam = z.string().min(1).max(64);
export const idParams = z.object({ id: idParam });

export const isoDate = z.date().transform((date) => date.toISOString());
