// A line protocol over completion.mjs for test_completion.py: the first stdin line is the
// introspection `__schema` as JSON, every later line a case {"text", "offset", "op"?}; each
// case is answered with one JSON line on stdout.
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const completion = await import(path.join(here, "..", "..", "mockserver", "http", "static", "completion.mjs"));
let index = null;

function answer({ text, offset, op }) {
  if (op === "operationAt") return completion.operationAt(text, offset);
  const result = completion.suggest(text, offset, index);
  return { kind: result.kind, exact: result.exact, from: result.from, to: result.to, labels: result.items.map((i) => i.label), items: result.items };
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (index === null) {
    index = completion.buildSchemaIndex(JSON.parse(line));
    process.stdout.write('{"ready": true}\n');
    continue;
  }
  let reply;
  try {
    reply = answer(JSON.parse(line));
  } catch (error) {
    reply = { error: String(error && error.stack ? error.stack : error) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
}
