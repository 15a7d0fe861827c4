// server.ts (Node ≥ 20): REST start, webhook verification and relay over Server-Sent Events
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  DailyApiError,
  createDailyDialOutClient,
  createDailyWebhookVerifier,
  createWebhookReplayGuard,
  parseDialOutWebhook,
} from 'daily-dialout-machine/server';

const daily = createDailyDialOutClient({ apiKey: process.env.DAILY_API_KEY ?? '' }); // never retries what Daily may have done
const webhooks = createDailyWebhookVerifier({ secret: process.env.DAILY_WEBHOOK_HMAC ?? '' }); // throws now if not base64
const replays = createWebhookReplayGuard({ windowMs: 600_000, maxEntries: 10_000 }); // each webhook acted on once
const browsers = new Map<ServerResponse, string>(); // Server-Sent Events clients → the room each may see

/** Your own authentication (a session cookie, a bearer token…): who is asking, and for which room. */
declare function signedInUser(req: IncomingMessage): { room: string } | undefined;

createServer(async (req, res) => {
  let body = '';
  for await (const chunk of req) if ((body += chunk).length > 1_000_000) return void res.writeHead(413).end();
  try {
    const user = signedInUser(req); // whoever may call /api/dial-out can dial any number on your account
    if (req.url === '/api/dial-out' && req.method === 'POST' && user) {
      const { options } = JSON.parse(body);
      const { sessionId } = await daily.startDialOut(user.room, options); // validated first
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sessionId }));
    } else if (req.url === '/webhooks/daily' && req.method === 'POST') {
      const check = webhooks.verify({ rawBody: body, headers: req.headers });
      if (!check.ok) return void res.writeHead(401).end(); // the same answer whatever check.reason says
      const json = JSON.parse(body);
      if (!replays.admit({ signature: check.signature, type: json.type, id: json.id }).ok) return void res.end(); // seen
      const event = parseDialOutWebhook(json); // DialOutWebhookError names a bad field
      for (const [browser, room] of browsers) {
        if (event.payload.room === room) browser.write(`data: ${JSON.stringify(event)}\n\n`); // JSON: one line
      }
      res.end();
    } else if (req.url === '/events' && user) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      browsers.set(res, user.room);
      req.on('close', () => browsers.delete(res));
    } else res.writeHead(user ? 404 : 401).end();
  } catch (err) {
    // DailyApiError: status, error, info, and mayHaveSucceeded (then do not simply start again)
    const status = err instanceof DailyApiError ? (err.status ?? 502) : 400;
    res.writeHead(status).end(err instanceof Error ? err.message : 'bad request');
  }
}).listen(3000, '127.0.0.1');
