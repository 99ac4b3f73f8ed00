// What deleting a project removes, from the counts in the project reply.
import type { ProjectResponse } from "@/_shared/schemas/project";
import { plural } from "../_lib/format";

export function DeleteSummary({ counts }: { counts: ProjectResponse["counts"] }) {
  return (
    <>
      <p>
        This permanently deletes the project with{" "}
        <strong className="text-slate-100" data-testid="delete-counts">
          {plural(counts.bRolls, "b-roll")} and {plural(counts.avatars, "avatar")}
        </strong>
        , including their videos, thumbnails and images.
      </p>
      <p className="mt-2">This cannot be undone.</p>
    </>
  );
}
