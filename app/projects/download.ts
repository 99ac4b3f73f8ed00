// A clip's download link: the media URL with ?download=<file name>, which makes storage answer with
// "Content-Disposition: attachment" under a readable name ("coffee-hero-shot.mp4"); a name with
// nothing a file name can keep falls back to the kind ("avatar.mp4").
import { fileName } from "../_lib/format";

export function clipDownload(videoUrl: string, name: string, fallback: "avatar" | "b-roll") {
  return mediaDownload(videoUrl, fileName(/[a-z0-9]/i.test(name.normalize("NFKD")) ? name : fallback, "mp4"));
}

/** Any of our media URLs (a rendition, a poster) downloaded under `file`. */
export function mediaDownload(url: string, file: string) {
  return { href: `${url}?download=${file}`, download: file };
}
