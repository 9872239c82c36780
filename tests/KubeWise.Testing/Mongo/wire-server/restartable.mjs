// Starts CongoDB (a MongoDB wire-protocol server in Node) on a given loopback port with its data kept across restarts,
// so a test can stop it (SIGTERM) and start it again on the same port with the same data: a MongoDB outage, not a
// data loss.
// Usage: node restartable.mjs <port> <storage-dir> [port-file]   — writes the port to port-file once it accepts connections.
//
// The data lives in memory while the server runs (each operation is applied atomically, as MongoDB does for one
// document) and is written to <storage-dir>/snapshot.ejson on SIGTERM, in canonical Extended JSON, and read back
// relaxed: dates and ObjectIds come back as such and numbers as the plain numbers CongoDB keeps in memory. CongoDB's own 'file' storage is not used: it rewrites a whole
// collection file per operation without locking, so concurrent writers lose each other's updates, and a file cut by
// the stop reads back as an empty collection.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CongoServer } from '@push.rocks/smartmongo/dist_ts/congodb/index.js';
import { bson } from '@push.rocks/smartmongo/dist_ts/congodb/congodb.plugins.js';

const [port, storagePath, portFile] = process.argv.slice(2);
const snapshot = join(storagePath, 'snapshot.ejson');
const server = new CongoServer({ host: '127.0.0.1', port: Number(port), storage: 'memory' });
const storage = server.getStorage();

if (existsSync(snapshot)) {
  const saved = bson.EJSON.parse(readFileSync(snapshot, 'utf8'), { relaxed: true });
  for (const [db, collections] of saved.databases) {
    storage.databases.set(db, new Map(collections.map(([name, docs]) => [name, new Map(docs)])));
  }
  for (const [db, collections] of saved.indexes) {
    storage.indexes.set(db, new Map(collections));
  }
  storage.opLogCounter = saved.opLogCounter ?? 0;
}

await server.start();
const bound = server.server.address().port;
if (portFile) {
  writeFileSync(portFile, String(bound));
}
console.log(`listening ${bound}`);

const save = () => {
  const data = {
    databases: [...storage.databases].map(([db, collections]) => [db, [...collections].map(([name, docs]) => [name, [...docs]])]),
    indexes: [...storage.indexes].map(([db, collections]) => [db, [...collections]]),
    opLogCounter: storage.opLogCounter,
  };
  mkdirSync(storagePath, { recursive: true });
  // Written aside and renamed: a stop never leaves half a snapshot.
  writeFileSync(snapshot + '.tmp', bson.EJSON.stringify(data, { relaxed: false }));
  renameSync(snapshot + '.tmp', snapshot);
};

const stop = async () => {
  await server.stop();
  save();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
