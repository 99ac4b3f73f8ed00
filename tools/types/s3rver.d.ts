// Minimal typings for s3rver 3.7 (it ships none): only what the embedded stack uses.
declare module "s3rver" {
  import type { IncomingMessage, ServerResponse } from "node:http";
  interface S3rverOptions {
    directory?: string;
    silent?: boolean;
    configureBuckets?: Array<{ name: string; configs?: Array<string | Buffer> }>;
  }
  export default class S3rver {
    constructor(options?: S3rverOptions);
    /** Creates the buckets named in `configureBuckets` (what `run()` does before listening). */
    configureBuckets(): Promise<void>;
    /** The request handler (s3rver is a Koa application). */
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
