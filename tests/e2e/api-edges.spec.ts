// Edges only the real server shows (requests Next.js handles before our route handlers run), over
// HTTP against the running app: every answer is our JSON error envelope, never Next's HTML page.
import { expect, test } from "@playwright/test";

test("a path that is not valid percent-encoding is a 400 envelope naming the segment", async ({ request }) => {
  for (const path of ["/api/projects/%ZZ", "/api/projects/%", "/api/media/users/%E0%A4%A", "/api/avatars/public/abc%zz/x"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(400);
    expect(response.headers()["content-type"], path).toContain("application/json");
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code, path).toBe("bad_request");
    expect(body.error.message, path).toMatch(/percent-encoding/);
  }
  // Well-formed encodings still reach the routes (a signed-out caller is told to sign in).
  expect((await request.get("/api/projects/%41bc")).status()).toBe(401);
});
