// The app's own URLs for `npm run dev`: PORT moves the app, so the base URLs that magic links and Fal
// webhooks are built from follow it unless they were set on purpose. Pure: no process.env of its own.

export interface DevUrls {
  PORT: string;
  APP_URL: string;
  NEXTAUTH_URL: string;
  /** One line when a set APP_URL/NEXTAUTH_URL names localhost on another port than the app's. */
  warnings: string[];
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function portOf(url: URL): string {
  return url.port || (url.protocol === "https:" ? "443" : "80");
}

/** PORT (default 3000), APP_URL (default http://localhost:PORT) and NEXTAUTH_URL (default APP_URL). */
export function devUrls(env: Partial<Record<"PORT" | "APP_URL" | "NEXTAUTH_URL", string>>): DevUrls {
  const PORT = env.PORT?.trim() || "3000";
  const APP_URL = env.APP_URL?.trim() || `http://localhost:${PORT}`;
  const NEXTAUTH_URL = env.NEXTAUTH_URL?.trim() || APP_URL;
  const warnings: string[] = [];
  for (const [name, value] of [["APP_URL", APP_URL], ["NEXTAUTH_URL", NEXTAUTH_URL]] as const) {
    const url = URL.canParse(value) ? new URL(value) : null;
    if (url && LOCAL_HOSTS.has(url.hostname) && portOf(url) !== PORT) {
      warnings.push(`${name}=${value} is set but the app listens on port ${PORT}: links built from it will miss the app`);
    }
  }
  return { PORT, APP_URL, NEXTAUTH_URL, warnings };
}

/**
 * The hosts `next dev` serves its dev resources (scripts, HMR, server actions) to: Next.js blocks
 * every origin but localhost by default, so a page opened on 127.0.0.1 or on the configured app
 * host would never become interactive. localhost and 127.0.0.1, plus the hosts of APP_URL and
 * NEXTAUTH_URL (the URLs links are built from).
 */
export function devOriginHosts(env: Partial<Record<"APP_URL" | "NEXTAUTH_URL", string>>): string[] {
  const hosts = new Set(["localhost", "127.0.0.1"]);
  for (const value of [env.APP_URL, env.NEXTAUTH_URL]) {
    const url = value && URL.canParse(value.trim()) ? new URL(value.trim()) : null;
    if (url) hosts.add(url.hostname.toLowerCase());
  }
  return [...hosts];
}
