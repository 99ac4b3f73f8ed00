import "server-only";
// GET /api/projects/:id/export: the project as one ZIP streamed to the client while it is built
// (archiver): each object is read from the bucket when its turn comes and flows through to the
// response, so memory holds a few buffers and nothing touches the disk. Videos and pictures are
// stored (no compression: they are compressed already), the two manifests are deflated. Everything
// that can fail with a proper answer (the project, its entries) is checked before the first byte;
// a failure mid-stream cuts the response (the client sees an incomplete download, never a ZIP that
// looks whole), and a client that goes away stops the reads.
import { Readable } from "node:stream";
import archiver from "archiver";
import { logger } from "@/_shared/lib/logger";
import type { SessionUser } from "@/_shared/lib/session";
import { slugify } from "@/_shared/lib/slug";
import { fileStorage } from "../file-storage.service";
import { manifestCsv, projectExportEntries, type ExportEntry } from "./export-entries";

/** Resolves once the archive has taken `entry` in whole; rejects if it fails or is closed first. */
function appended(archive: archiver.Archiver): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      archive.off("error", failed).off("close", closed);
      resolve();
    };
    const failed = (error: Error) => {
      archive.off("entry", done).off("close", closed);
      reject(error);
    };
    const closed = () => {
      archive.off("entry", done).off("error", failed);
      reject(new Error("the download was closed"));
    };
    archive.once("entry", done).once("error", failed).once("close", closed);
  });
}

async function fill(archive: archiver.Archiver, entries: ExportEntry[], projectId: string): Promise<void> {
  try {
    for (const entry of entries) {
      if (archive.destroyed) return;
      const source = await fileStorage.getFileStream(entry.key);
      // The client went away: stop reading from the bucket.
      const stop = () => source.destroy();
      archive.once("close", stop);
      const taken = appended(archive);
      archive.append(source, { name: entry.row.file, store: true, date: new Date(entry.row.createdAt) });
      await taken.finally(() => archive.off("close", stop));
    }
    const rows = entries.map((entry) => entry.row);
    archive.append(manifestCsv(rows), { name: "manifest.csv" });
    archive.append(JSON.stringify({ files: rows }, null, 2) + "\n", { name: "manifest.json" });
    await archive.finalize();
  } catch (error) {
    if (archive.destroyed) return;
    logger.error("project export failed mid-stream", { projectId, error });
    archive.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

export async function exportProject({ user, projectId, include }: { user: SessionUser; projectId: string; include: { renditions: boolean; posters: boolean } }): Promise<Response> {
  const { project, entries } = await projectExportEntries({ user, projectId, include });
  const archive = archiver("zip", { zlib: { level: 6 }, highWaterMark: 1 << 20 });
  void fill(archive, entries, projectId);
  const fileName = `${slugify(project.name) || "project"}.zip`;
  return new Response(Readable.toWeb(archive) as ReadableStream<Uint8Array>, {
    status: 200,
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
