// server.ts (Node ≥ 20): REST start, webhook verification and relay over Server-Sent Events
import { createServer, type ServerResponse } from 'node:http';
import { DailyApiError, createDailyDialOutClient, parseDialOutWebhook, verifyDailyWebhook } from 'daily-dialout-machine/server';

const daily = createDailyDialOutClient({ apiKey: process.env.DAILY_API_KEY ?? '' }); // retries 429/5xx, honours Retry-After
const browsers = new Set<ServerResponse>(); // Server-Sent Events clients

createServer(async (req, res) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  try {
    if (req.url === '/api/dial-out' && req.method === 'POST') {
      const { room, options } = JSON.parse(body);
      const { sessionId } = await daily.startDialOut(room, options); // validated first
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sessionId }));
    } else if (req.url === '/webhooks/daily' && req.method === 'POST') {
      const verdict = verifyDailyWebhook({ rawBody: body, headers: req.headers, secret: process.env.DAILY_WEBHOOK_HMAC ?? '' });
      if (!verdict.ok) return void res.writeHead(401).end(verdict.reason); // e.g. 'timestamp-too-old'
      const event = parseDialOutWebhook(JSON.parse(body)); // DialOutWebhookError names a bad field
      for (const browser of browsers) browser.write(`data: ${JSON.stringify(event)}\n\n`);
      res.end();
    } else if (req.url === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      browsers.add(res);
      req.on('close', () => browsers.delete(res));
    } else res.writeHead(404).end();
  } catch (err) {
    const status = err instanceof DailyApiError ? (err.status ?? 502) : 400; // DailyApiError: status, error, info
    res.writeHead(status).end(err instanceof Error ? err.message : 'bad request');
  }
}).listen(3000, '127.0.0.1');
