// A plain HTTP endpoint that records every webhook delivered to it (headers, raw bytes, parsed body)
// and answers 200: what the simulator's own tests point its webhooks at.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Delivery<Body> {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  body: Body;
}

export async function startWebhookReceiver<Body>(deliveries: Array<Delivery<Body>>): Promise<{ url: string; close: () => Promise<void> }> {
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      deliveries.push({ headers: req.headers, raw, body: JSON.parse(raw.toString("utf8")) as Body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/fal-webhook`,
    close: () => new Promise<void>((resolve) => receiver.close(() => resolve())),
  };
}
