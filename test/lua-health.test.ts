/**
 * The Lua runner the ArgoCD health tests use (test/support/lua-health.ts): a real Lua VM in a
 * worker thread that ends with the tests, never a process or thread left running (issue 16, 12).
 */
import { LuaHealthRunner } from './support/lua-health';

const lua = new LuaHealthRunner();
afterAll(() => lua.close());

test('runs the script with each object as the global obj and returns its status and message', async () => {
  const script = 'return { status = obj.phase == "ok" and "Healthy" or "Degraded", message = obj.phase }';
  expect(await lua.run(script, [{ phase: 'ok' }, { phase: 'broken' }])).toEqual([
    { status: 'Healthy', message: 'ok' },
    { status: 'Degraded', message: 'broken' },
  ]);
});

test('a script that raises an error rejects with the Lua error, and the runner keeps working', async () => {
  await expect(lua.run('error("no phase")', [{}])).rejects.toThrow(/Lua health script failed: .*no phase/);
  expect(await lua.run('return { status = "Healthy" }', [{}])).toEqual([{ status: 'Healthy' }]);
});

test('a script that never returns is ended by close(), which rejects what was waiting', async () => {
  const stuck = new LuaHealthRunner();
  const pending = stuck.run('while true do end', [{}]);
  await stuck.close();
  await expect(pending).rejects.toThrow('the Lua worker thread exited');
});
