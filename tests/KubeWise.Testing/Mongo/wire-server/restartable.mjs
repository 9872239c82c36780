// Starts CongoDB (a MongoDB wire-protocol server in Node) on a given loopback port with its data in files, so a test
// can stop it (SIGTERM) and start it again on the same port with the same data: a MongoDB outage, not a data loss.
// Usage: node restartable.mjs <port> <storage-dir> [port-file]   — writes the port to port-file once it accepts connections.
import { writeFileSync } from 'node:fs';
import { CongoServer } from '@push.rocks/smartmongo/dist_ts/congodb/index.js';

const [port, storagePath, portFile] = process.argv.slice(2);
const server = new CongoServer({ host: '127.0.0.1', port: Number(port), storage: 'file', storagePath });
await server.start();
const bound = server.server.address().port;
if (portFile) {
  writeFileSync(portFile, String(bound));
}
console.log(`listening ${bound}`);

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
