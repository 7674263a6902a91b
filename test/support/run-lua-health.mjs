// Runs an ArgoCD health script on objects, as ArgoCD does: each object as the global `obj`, the
// returned table as the result. Reads {script, objects} as JSON on stdin, prints the results.
// A separate Node process because wasmoon loads itself with a dynamic import, which jest's
// module sandbox refuses.
import { LuaFactory } from 'wasmoon';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { script, objects } = JSON.parse(input);
const lua = await new LuaFactory().createEngine();
const results = [];
try {
  for (const obj of objects) {
    lua.global.set('obj', obj);
    const result = await lua.doString(script);
    results.push({ status: result.status, message: result.message });
  }
} finally {
  lua.global.close();
}
// Exit once the answer is out, rather than when the event loop runs dry: wasmoon's Emscripten
// runtime can leave handles open, and a child that never exits times the suite out.
process.stdout.write(JSON.stringify(results), () => process.exit(0));
