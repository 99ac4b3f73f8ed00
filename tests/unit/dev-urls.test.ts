import { describe, expect, it } from "vitest";
import { devUrls } from "../../tools/dev-urls";

describe("devUrls (npm run dev on another port)", () => {
  it("defaults to port 3000", () => {
    expect(devUrls({})).toEqual({ PORT: "3000", APP_URL: "http://localhost:3000", NEXTAUTH_URL: "http://localhost:3000", warnings: [] });
  });

  it("derives APP_URL and NEXTAUTH_URL from PORT when they are not set", () => {
    expect(devUrls({ PORT: "3960" })).toEqual({ PORT: "3960", APP_URL: "http://localhost:3960", NEXTAUTH_URL: "http://localhost:3960", warnings: [] });
    expect(devUrls({ PORT: "3960", APP_URL: "", NEXTAUTH_URL: " " }).NEXTAUTH_URL).toBe("http://localhost:3960");
  });

  it("keeps URLs set on purpose; NEXTAUTH_URL follows a set APP_URL", () => {
    expect(devUrls({ PORT: "3960", APP_URL: "https://ads.example.com" })).toEqual({
      PORT: "3960",
      APP_URL: "https://ads.example.com",
      NEXTAUTH_URL: "https://ads.example.com",
      warnings: [],
    });
    expect(devUrls({ PORT: "3960", NEXTAUTH_URL: "http://localhost:3960/" }).NEXTAUTH_URL).toBe("http://localhost:3960/");
  });

  it("warns when a set URL names localhost on another port", () => {
    const urls = devUrls({ PORT: "3960", APP_URL: "http://localhost:3000", NEXTAUTH_URL: "http://127.0.0.1:3960" });
    expect(urls.APP_URL).toBe("http://localhost:3000");
    expect(urls.warnings).toEqual([expect.stringMatching(/^APP_URL=http:\/\/localhost:3000 .*port 3960/)]);
  });
});
