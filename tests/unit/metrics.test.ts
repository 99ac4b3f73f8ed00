// Route labels of the HTTP metrics: every id, slug or media key folds into a parameter, so the
// number of series stays bounded whatever paths clients request.
import { describe, expect, it } from "vitest";
import { routeLabel } from "@/_shared/lib/prometheus";

describe("routeLabel", () => {
  it.each([
    ["/api/b-rolls", "/api/b-rolls"],
    ["/api/b-rolls/cm1abc234def", "/api/b-rolls/:param"],
    ["/api/b-rolls/cm1abc234def/retry", "/api/b-rolls/:param/retry"],
    ["/api/projects/p_42/b-rolls", "/api/projects/:param/b-rolls"],
    ["/api/avatars/public", "/api/avatars/public"],
    ["/api/avatars/public/cm9zz/retry", "/api/avatars/public/:param/retry"],
    ["/api/avatars/private/cm9zz", "/api/avatars/private/:param"],
    ["/api/images/temp/3f2b7c1e-session", "/api/images/temp/:param"],
    ["/api/images/generate", "/api/images/generate"],
    ["/api/tags/industrie", "/api/tags/:param"],
    ["/api/jobs/cmjob1", "/api/jobs/:param"],
    ["/api/admin/jobs", "/api/admin/jobs"],
    ["/api/webhooks/fal", "/api/webhooks/fal"],
    ["/api/metrics", "/api/metrics"],
    ["/api/health", "/api/health"],
  ])("%s -> %s", (path, label) => {
    expect(routeLabel(path)).toBe(label);
  });

  it("folds every media key into one label, however deep", () => {
    expect(routeLabel("/api/media/users/u1/avatars/a1/video.mp4")).toBe("/api/media/:key");
    expect(routeLabel("/api/media/public/avatars/a2/thumbnail.webp")).toBe("/api/media/:key");
  });

  it("folds every Auth.js path into one label", () => {
    expect(routeLabel("/api/auth/callback/email")).toBe("/api/auth/:action");
    expect(routeLabel("/api/auth/session")).toBe("/api/auth/:action");
  });

  it("keeps the label bounded for unknown and overlong paths", () => {
    expect(routeLabel("/api/no-such-thing/x")).toBe("/api/:param/:param");
    const long = `/api/b-rolls/${Array.from({ length: 20 }, (_, i) => `s${i}`).join("/")}`;
    expect(routeLabel(long)).toBe("/api/b-rolls/:param/:param/:param/:param/:param");
    expect(new Set(Array.from({ length: 100 }, (_, i) => routeLabel(`/api/projects/id-${i}`)))).toEqual(new Set(["/api/projects/:param"]));
  });
});
