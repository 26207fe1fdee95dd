import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay to a server that can be cut off as a network partition cuts it: bytes either way are lost,
 * and a connection closed on one side stays open on the other, so neither learns of it but by silence.
 * Point a client at `port`.
 */
export class NetworkPartition {
  private partitioned = false;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  private constructor(
    private readonly host: string,
    private readonly serverPort: number,
  ) {
    this.server = createServer((client) => this.relay(client));
  }

  static async to(host: string, port: number): Promise<NetworkPartition> {
    const partition = new NetworkPartition(host, port);
    await new Promise<void>((resolve) => partition.server.listen(0, '127.0.0.1', resolve));
    return partition;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  /** From now on every byte is lost, both ways. */
  cut(): void {
    this.partitioned = true;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private relay(client: Socket): void {
    const upstream = connect(this.serverPort, this.host);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.sockets.add(from);
      from.on('data', (chunk) => {
        if (!this.partitioned) to.write(chunk);
      });
      // Once cut, a side closing is news the other side never hears either.
      from.on('error', () => {
        if (!this.partitioned) to.destroy();
      });
      from.on('close', () => {
        this.sockets.delete(from);
        if (!this.partitioned) to.destroy();
      });
    }
  }
}
