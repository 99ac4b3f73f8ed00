// Runs before Next.js matches a route. Next answers a path it cannot percent-decode
// (`/api/projects/%ZZ`) with its own HTML 400 page before any route handler runs; API clients get
// our JSON error envelope instead, naming the bad segment.
import { NextResponse, type NextRequest } from "next/server";
import { ApiError, errorBody } from "@/_shared/lib/errors";

/** The first path segment that is not valid percent-encoding (UTF-8 included), if any. */
export function malformedSegment(pathname: string): string | undefined {
  return pathname.split("/").find((segment) => {
    try {
      decodeURIComponent(segment);
      return false;
    } catch {
      return true;
    }
  });
}

export function proxy(request: NextRequest) {
  const segment = malformedSegment(request.nextUrl.pathname);
  if (segment === undefined) return NextResponse.next();
  const error = new ApiError("bad_request", `The path segment "${segment.slice(0, 100)}" is not valid percent-encoding: write a literal % as %25`);
  return NextResponse.json(errorBody(error), { status: error.status });
}

export const config = { matcher: "/api/:path*" };
