import { route } from "@/_shared/lib/route";
import { buildOpenApiDocument, type OpenApiDocument } from "@/_shared/schemas/openapi";

// Built once per server process: the document only changes with the code.
let document: OpenApiDocument | undefined;

// GET /api/openapi.json - the OpenAPI 3.1 document of this API, generated from the zod schemas (public: it holds no secrets)
export const GET = route({ auth: "none" }, async () =>
  Response.json((document ??= buildOpenApiDocument()), { headers: { "Cache-Control": "public, max-age=300" } }),
);
