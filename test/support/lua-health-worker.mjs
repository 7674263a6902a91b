// Runs ArgoCD health scripts as ArgoCD does: each object as the global `obj`, the returned table
// as the result, in a real Lua 5.4 VM (wasmoon). A worker thread of the test process (see
// lua-health.ts): each message {id, script, objects} is answered with {id, results} or
// {id, error}; each message gets a fresh VM, closed before the answer.
import { parentPort } from 'node:worker_threads';
import { LuaFactory } from 'wasmoon';

const factory = new LuaFactory();
parentPort.on('message', async ({ id, script, objects }) => {
  let lua;
  try {
    lua = await factory.createEngine();
    const results = [];
    for (const obj of objects) {
      lua.global.set('obj', obj);
      const result = await lua.doString(script);
      results.push({ status: result.status, message: result.message });
    }
    parentPort.postMessage({ id, results });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.stack ?? error) });
  } finally {
    lua?.global.close();
  }
});
