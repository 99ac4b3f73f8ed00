import { describe, expect, it } from "vitest";
import { devOriginHosts, devUrls } from "../../tools/dev-urls";

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

describe("devOriginHosts (next.config.ts allowedDevOrigins)", () => {
  it("allows localhost and 127.0.0.1, whatever is configured", () => {
    expect(devOriginHosts({})).toEqual(["localhost", "127.0.0.1"]);
    expect(devOriginHosts({ APP_URL: "http://localhost:3960", NEXTAUTH_URL: "http://127.0.0.1:3960" })).toEqual(["localhost", "127.0.0.1"]);
  });

  it("adds the hosts of APP_URL and NEXTAUTH_URL, without port or path, once each", () => {
    expect(devOriginHosts({ APP_URL: "https://Ads.Example.com:8443/app", NEXTAUTH_URL: "http://auth.example.com" })).toEqual([
      "localhost",
      "127.0.0.1",
      "ads.example.com",
      "auth.example.com",
    ]);
    expect(devOriginHosts({ APP_URL: "http://dev.box:3000", NEXTAUTH_URL: "http://dev.box:3000/" })).toEqual(["localhost", "127.0.0.1", "dev.box"]);
  });

  it("ignores a value that is not a URL (the env check reports it)", () => {
    expect(devOriginHosts({ APP_URL: "not a url", NEXTAUTH_URL: "" })).toEqual(["localhost", "127.0.0.1"]);
  });
});
