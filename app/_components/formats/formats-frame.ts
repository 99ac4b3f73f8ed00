"use client";
// The Formats panel's frame geometry (the crop window of a format over a clip, around a focus point)
// and the strip of frames its trim handles sit on.
import { useEffect, useState } from "react";
import { RENDITION_FORMATS, type RenditionFormat } from "@/_shared/schemas/rendition";

export const STRIP_FRAMES = 6;

export type Point = { x: number; y: number };

export const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
export const round3 = (value: number) => Math.round(value * 1000) / 1000;
export const ratioOf = (aspect: string) => {
  const [w, h] = aspect.split("/").map((part) => Number(part.trim()));
  return w && h ? w / h : 1;
};

/** The crop window of `format` over a clip of ratio `clip` (fractions of the clip), centred on `focus` but inside it. */
export function cropBox(clip: number, format: RenditionFormat, focus: Point) {
  const { width, height } = RENDITION_FORMATS[format];
  const target = width / height;
  const w = target < clip ? target / clip : 1;
  const h = target < clip ? 1 : clip / target;
  const left = clamp(focus.x - w / 2, 0, 1 - w);
  const top = clamp(focus.y - h / 2, 0, 1 - h);
  return { left, top, w, h, focus: { x: round3(left + w / 2), y: round3(top + h / 2) } };
}

/** A few frames of the clip as pictures (drawn from a video element of its own); the poster until they come. */
export function useFrameStrip(videoUrl: string, duration: number) {
  const [frames, setFrames] = useState<string[]>([]);
  useEffect(() => {
    if (!duration) return;
    let stopped = false;
    const video = document.createElement("video");
    video.muted = true;
    video.preload = "auto";
    video.crossOrigin = "anonymous";
    video.src = videoUrl;
    const canvas = document.createElement("canvas");
    const grab = async () => {
      const shots: string[] = [];
      for (let i = 0; i < STRIP_FRAMES && !stopped; i++) {
        video.currentTime = ((i + 0.5) * duration) / STRIP_FRAMES;
        await new Promise((resolve) => video.addEventListener("seeked", resolve, { once: true }));
        canvas.height = 64;
        canvas.width = Math.round((64 * video.videoWidth) / (video.videoHeight || 1));
        canvas.getContext("2d")?.drawImage(video, 0, 0, canvas.width, canvas.height);
        shots.push(canvas.toDataURL("image/jpeg", 0.6));
      }
      if (!stopped) setFrames(shots);
    };
    // A clip the canvas may not read (or that fails to load) keeps the poster strip.
    video.addEventListener("loadeddata", () => void grab().catch(() => undefined), { once: true });
    return () => {
      stopped = true;
      video.removeAttribute("src");
      video.load();
    };
  }, [videoUrl, duration]);
  return frames;
}
