/**
 * Read-your-writes for a console behind a load balancer (docs/operations.md): every command answers the
 * log position of its events (`X-Event-Position`), and every read sent afterwards asks the node that takes
 * it to have applied that position first (`X-Min-Position`), whichever node took the command. The node
 * that answered the command makes its reads wait for it anyway; the header is for the other nodes.
 */
export class ReadYourWrites {
  private position = 0;

  /** The header a read carries: the newest position this console was answered with, if any. */
  readHeaders(): Record<string, string> {
    return this.position > 0 ? { 'X-Min-Position': String(this.position) } : {};
  }

  /**
   * Takes note of an answer. A command's position raises the one reads wait for. A read answered stale
   * (the node did not reach the position within its wait) lets it go: the next reads would wait as long
   * again for a position that node may never have (another database after a reset, say).
   */
  observe(method: string, headers: Headers): void {
    const position = Number(headers.get('X-Event-Position'));
    if (method !== 'GET' && Number.isSafeInteger(position) && position > this.position) {
      this.position = position;
    } else if (method === 'GET' && headers.get('X-Read-Models-Stale') === 'true') {
      this.position = 0;
    }
  }
}
