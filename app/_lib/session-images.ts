"use client";
// The images of a temporary session (studio, admin library, a project's start images): listing them
// and uploading one, with the upload checked here first so a wrong file fails at once.
import type { SessionImage, SessionImagesResponse } from "@/_shared/schemas/image";
import { api } from "./api-client";

export const UPLOAD_TYPES = ["image/jpeg", "image/png", "image/webp"];
const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

/** The session's images, newest first. */
export async function fetchSessionImages(sessionId: string, signal?: AbortSignal): Promise<SessionImage[]> {
  const reply = await api<SessionImagesResponse>(`/api/images/temp/${encodeURIComponent(sessionId)}`, { signal });
  return [...reply.images].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Why this file cannot be uploaded, or null (the API checks again: size in pixels, real content). */
export function uploadProblem(file: File): string | null {
  if (!UPLOAD_TYPES.includes(file.type)) return "Upload a JPEG, PNG or WebP image.";
  if (file.size > UPLOAD_MAX_BYTES) return "The image is larger than 10 MB. Pick a smaller one.";
  return null;
}

export function uploadSessionImage(sessionId: string, file: File): Promise<SessionImage> {
  const form = new FormData();
  form.set("sessionId", sessionId);
  form.set("file", file);
  return api<SessionImage>("/api/images/upload", { form });
}
