import http from "node:http";
import { freePort } from "../../synapse/free-port.ts";

/** A tiny web server for a server name: answers /.well-known/matrix/client with `baseUrl`, or nothing at all. */
export async function startWellKnownServer(baseUrl: string | undefined): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (baseUrl && req.url === "/.well-known/matrix/client") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ "m.homeserver": { base_url: baseUrl } }));
    } else {
      res.writeHead(404, { "content-type": "text/html" }).end("<h1>Not found</h1>");
    }
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
