import net from "node:net";

export type LatencyProxy = { url: string; close: () => Promise<void> };

/**
 * A loopback TCP proxy that holds every chunk for `oneWayMs` in each direction, so a request and
 * its answer cross a link with a round trip of 2 × oneWayMs, as when the dashboard runs on another
 * host than its homeserver. Order is kept: equal delays fire in the order they were set.
 */
export async function startLatencyProxy(target: string, oneWayMs: number): Promise<LatencyProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  const relay = (from: net.Socket, to: net.Socket) => {
    from.on("data", (chunk) => setTimeout(() => to.writable && to.write(chunk), oneWayMs));
    from.on("end", () => setTimeout(() => to.end(), oneWayMs));
    from.on("error", () => to.destroy());
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    }
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port: own } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${own}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
