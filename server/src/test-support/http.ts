/** Calls a tRPC procedure over real HTTP the way the browser client does (cookie, CSRF header, batching). */
export async function callTrpcOverHttp(
  base: string,
  method: 'GET' | 'POST',
  procedure: string,
  opts: { input?: unknown; cookie?: string; csrf?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.csrf) headers['x-csrf-token'] = opts.csrf;
  let url = `${base}/trpc/${procedure}`;
  let body: string | undefined;
  if (method === 'GET') {
    if (opts.input !== undefined) url += `?input=${encodeURIComponent(JSON.stringify(opts.input))}`;
  } else {
    headers['content-type'] = 'application/json';
    // A mutation without input goes as the client sends it: a batch of one with no input.
    if (opts.input === undefined) url += '?batch=1';
    body = opts.input === undefined ? '{}' : JSON.stringify(opts.input);
  }
  const res = await fetch(url, { method, headers, body });
  const parsed = await res.json();
  return {
    res,
    json: (Array.isArray(parsed) ? parsed[0] : parsed) as {
      result?: { data: any };
      error?: { message: string; data: { code: string; stack?: string } };
    },
  };
}
