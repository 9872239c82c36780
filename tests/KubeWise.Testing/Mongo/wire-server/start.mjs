// Starts CongoDB (a MongoDB wire-protocol server in Node) on a free loopback port.
// Usage: node start.mjs [port-file]   — prints "listening <port>" and writes the port to port-file once it accepts connections.
import { writeFileSync } from 'node:fs';
import { CongoServer } from '@push.rocks/smartmongo/dist_ts/congodb/index.js';

const portFile = process.argv[2];
// Port 0 lets the OS pick a free port, so parallel runs never collide.
const server = new CongoServer({ host: '127.0.0.1', port: 0 });
await server.start();
const port = server.server.address().port;
if (portFile) {
  writeFileSync(portFile, String(port));
}
console.log(`listening ${port}`);

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
