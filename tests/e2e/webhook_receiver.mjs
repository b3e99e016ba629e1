// A webhook receiver for the end-to-end test (webhooks_e2e_test.cc): verifies every request with
// the npm `standardwebhooks` package, exactly as a client's receiver would.
//
// usage: node webhook_receiver.mjs SECRET_FILE
// Listens on 127.0.0.1 with a free port and prints "PORT <n>". SECRET_FILE holds the endpoint's
// whsec_ secret (read on every request, so the test may write it after learning the port). For
// each request it prints "VERIFIED <webhook-id>" and answers 204, or prints
// "FAILED <webhook-id> <reason>" and answers 400.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";

const secretFile = process.argv[2];
if (!secretFile) {
  console.error("usage: node webhook_receiver.mjs SECRET_FILE");
  process.exit(2);
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const id = req.headers["webhook-id"] ?? "-";
    try {
      const secret = readFileSync(secretFile, "utf8").trim();
      new Webhook(secret).verify(body, req.headers);
      console.log(`VERIFIED ${id}`);
      res.writeHead(204).end();
    } catch (err) {
      console.log(`FAILED ${id} ${String(err && err.message ? err.message : err)}`);
      res.writeHead(400, { "content-type": "text/plain" }).end("signature did not verify");
    }
  });
});

server.listen(0, "127.0.0.1", () => {
  console.log(`PORT ${server.address().port}`);
});
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => server.close(() => process.exit(0)));
