/**
 * A stand-in XMLHttpRequest for Node (the uploader uses XHR for upload progress): it answers
 * every request with 200 after a tick and records what was sent where.
 */
export interface FakeXhrLog {
  puts: { method: string; url: string; bytes: number }[];
  /** the status to answer with next (then 200 again) */
  next: number[];
  restore: () => void;
}

export function installFakeXhr(): FakeXhrLog {
  const log: FakeXhrLog = { puts: [], next: [], restore: () => {} };
  class FakeXhr {
    status = 0;
    responseText = '';
    upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    private method = '';
    private url = '';
    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader() {}
    abort() {
      this.onabort?.();
    }
    send(body: Blob) {
      setTimeout(() => {
        log.puts.push({ method: this.method, url: this.url, bytes: body.size });
        this.upload.onprogress?.({ loaded: body.size, total: body.size, lengthComputable: true });
        this.status = log.next.shift() ?? 200;
        this.onload?.();
      }, 1);
    }
  }
  const g = globalThis as { XMLHttpRequest?: unknown };
  const before = g.XMLHttpRequest;
  g.XMLHttpRequest = FakeXhr;
  log.restore = () => {
    g.XMLHttpRequest = before;
  };
  return log;
}
