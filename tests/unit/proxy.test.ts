// The request proxy answers malformed percent-encoding in an API path with the JSON envelope and
// lets every well-formed path through untouched (tests/e2e/api-edges.spec.ts checks the same over
// HTTP through Next.js, which would otherwise answer its HTML 400 page).
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

const call = (path: string) => proxy(new NextRequest(`http://localhost${path}`));

describe("proxy", () => {
  it.each(["/api/projects/%ZZ", "/api/projects/%", "/api/projects/a%", "/api/media/users/%E0%A4%A", "/api/projects/%C0%AF"])("%s is a 400 envelope", async (path) => {
    const response = call(path);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toContain("percent-encoding");
  });

  it.each(["/api/projects/abc", "/api/projects/%41bc", "/api/media/users/u1/a%20b.jpg", "/api/projects/%25ZZ"])("%s goes through", (path) => {
    expect(call(path).headers.get("x-middleware-next")).toBe("1");
  });
});
