// The practical limit: a bare node:http server answering every request with a fixed HTML
// body of the given size, as fast as Node can. Usage: node bench/baseline-server.mjs BYTES PORT
import { createServer } from 'node:http';

const size = Number(process.argv[2]);
const port = Number(process.argv[3]);
const head = '<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Lag</title></head><body><h1>Lag</h1><p>';
const tail = '</p></body></html>';
const body = Buffer.from(head + 'x'.repeat(Math.max(0, size - head.length - tail.length)) + tail);

createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
  res.end(body);
}).listen(port, '127.0.0.1', () => process.stdout.write(`listening ${port}\n`));
process.on('SIGTERM', () => process.exit(0));
