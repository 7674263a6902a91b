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

test("a script that runs long does not block the test process: its timers, jest's timeout among them, still fire", async () => {
  const order: string[] = [];
  const timer = new Promise<void>((resolve) => setTimeout(() => resolve(void order.push('timer')), 10));
  const busy = lua
    .run('local start = os.clock() while os.clock() - start < 0.5 do end return { status = "Healthy" }', [{}])
    .then(() => void order.push('lua'));
  await Promise.all([timer, busy]);
  expect(order).toEqual(['timer', 'lua']);
});

test('a script that never returns is ended by close(), which rejects what was waiting', async () => {
  const stuck = new LuaHealthRunner();
  const pending = stuck.run('while true do end', [{}]);
  await stuck.close();
  await expect(pending).rejects.toThrow('the Lua worker thread exited');
});
