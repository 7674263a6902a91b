/**
 * Sync windows mean what docs/delivery.md says. The model in lib/delivery/sync-windows.ts follows
 * ArgoCD v3.5.1 `SyncWindows.CanSync` (pkg/apis/application/v1alpha1/types.go); it is first
 * checked on the cases ArgoCD's own tests state (types_test.go TestSyncWindows_CanSync,
 * TestSyncWindow_Active), then used on the windows in dist/argocd/.
 */
import * as fs from 'node:fs';
import type { Document } from 'yaml';
import { cronProblem } from '../lib/config/cron';
import { loadConfig } from '../lib/config/load';
import {
  canSync,
  isActive,
  nextStart,
  parseSchedule,
  SyncWindowError,
  windowsFor,
  type SyncWindowSpec,
} from '../lib/delivery/sync-windows';
import { distManifests } from './support/dist';
import { configRefusal } from './support/config-refusal';
import { editedConfig } from './support/edit-config';
import { projectConfig, ROOT } from './support/project';

/** Wednesday 14 January 2026, 12:30 UTC. */
const NOW = Date.UTC(2026, 0, 14, 12, 30);
const HOUR = 3_600_000;

/** As ArgoCD's tests build them: `* * * * *` for 1h is active now; 03:00 for 1h is not. */
const window = (kind: 'allow' | 'deny', active: boolean, manualSync: boolean): SyncWindowSpec => ({
  kind,
  schedule: active ? '* * * * *' : '0 3 * * *',
  duration: '1h',
  manualSync,
});

describe('the model follows ArgoCD CanSync', () => {
  const cases: Array<[string, SyncWindowSpec[], { manual: boolean }, boolean]> = [
    ['no window: anything syncs', [], { manual: false }, true],
    ['inactive deny, manual', [window('deny', false, false)], { manual: true }, true],
    ['inactive deny, automatic', [window('deny', false, false)], { manual: false }, true],
    ['active allow (manualSync false), manual', [window('allow', true, false)], { manual: true }, true],
    ['active allow, automatic', [window('allow', true, false)], { manual: false }, true],
    [
      'active allow and inactive deny, automatic',
      [window('allow', true, false), window('deny', false, false)],
      { manual: false },
      true,
    ],
    ['inactive allow, manual', [window('allow', false, false)], { manual: true }, false],
    ['inactive allow, automatic', [window('allow', false, false)], { manual: false }, false],
    // The rule behind issue 8, 2.1: manualSync on an inactive allow window lets a person through.
    ['inactive allow with manualSync, manual', [window('allow', false, true)], { manual: true }, true],
    ['inactive allow with manualSync, automatic', [window('allow', false, true)], { manual: false }, false],
    [
      'two inactive allows, one without manualSync, manual',
      [window('allow', false, true), window('allow', false, false)],
      { manual: true },
      false,
    ],
    [
      'active and inactive allow, automatic',
      [window('allow', true, false), window('allow', false, false)],
      { manual: false },
      true,
    ],
    ['active deny, manual', [window('deny', true, false)], { manual: true }, false],
    ['active deny, automatic', [window('deny', true, false)], { manual: false }, false],
    ['active deny with manualSync, manual', [window('deny', true, true)], { manual: true }, true],
    ['active deny with manualSync, automatic', [window('deny', true, true)], { manual: false }, false],
    [
      'two active denies, one without manualSync, manual',
      [window('deny', true, true), window('deny', true, false)],
      { manual: true },
      false,
    ],
    [
      'active deny (manualSync) beats active allow, manual',
      [window('deny', true, true), window('allow', true, false)],
      { manual: true },
      true,
    ],
    [
      'active deny beats active allow, manual',
      [window('deny', true, false), window('allow', true, true)],
      { manual: true },
      false,
    ],
    [
      'active deny (manualSync) beats active allow, automatic',
      [window('deny', true, true), window('allow', true, true)],
      { manual: false },
      false,
    ],
  ];
  test.each(cases)('%s', (_name, windows, sync, expected) => {
    expect(canSync(windows, { ...sync, now: NOW })).toBe(expected);
  });

  test('a window is active strictly after a start and before start + duration (Next is strictly after)', () => {
    const w: SyncWindowSpec = { kind: 'allow', schedule: '* 10 * * *', duration: '2h' };
    const at = (h: number, m = 0, s = 0) => Date.UTC(2026, 0, 14, h, m, s);
    expect(isActive(w, at(11))).toBe(true); // ArgoCD "Allow-active"
    expect(isActive(w, at(13))).toBe(false); // ArgoCD "Allow-inactive"
    expect(isActive(w, at(10, 0, 0))).toBe(false); // the first start is not yet "before" now
    expect(isActive(w, at(10, 0, 1))).toBe(true);
    expect(isActive(w, at(11, 59, 59))).toBe(true); // started 11:59, lasts until 13:59
    const once: SyncWindowSpec = { kind: 'allow', schedule: '0 10 * * *', duration: '2h' };
    expect(isActive(once, at(11, 59, 59))).toBe(true);
    expect(isActive(once, at(12, 0, 0))).toBe(false);
  });

  test('the schedule is read as wall-clock time in the window zone', () => {
    const w: SyncWindowSpec = { kind: 'allow', schedule: '0 10 * * *', duration: '2h', timeZone: 'America/New_York' };
    // 10:00-12:00 in New York (UTC-5 in January) is 15:00-17:00 UTC.
    expect(isActive(w, Date.UTC(2026, 0, 14, 11))).toBe(false);
    expect(isActive(w, Date.UTC(2026, 0, 14, 16))).toBe(true);
    // In July New York is UTC-4: 14:00-16:00 UTC.
    expect(isActive(w, Date.UTC(2026, 6, 15, 14, 30))).toBe(true);
    expect(isActive(w, Date.UTC(2026, 6, 15, 16, 30))).toBe(false);
  });

  test('the cron parser accepts and refuses what robfig/cron v3 does', () => {
    expect(() => parseSchedule('* 10 * * 7')).toThrow(SyncWindowError); // ArgoCD "InvalidSchedule": weekdays are 0-6
    expect(() => parseSchedule('@daily')).toThrow(/descriptors/);
    expect(() => parseSchedule('0 0 8 * * 1-5')).toThrow(/5 fields/);
    expect(() => parseSchedule('0 25 * * *')).toThrow(/above maximum/);
    expect(() => parseSchedule('0 8-6 * * *')).toThrow(/beyond end/);
    const names = parseSchedule('0 8 * JAN-mar MON-FRI');
    expect([...names.months]).toEqual([1, 2, 3]);
    expect([...names.daysOfWeek]).toEqual([1, 2, 3, 4, 5]);
    expect([...parseSchedule('5/20 * * * *').minutes]).toEqual([5, 25, 45]);
    // Day of month and day of week are ORed when neither is *: the 1st, and every Monday.
    const either = parseSchedule('0 0 1 * 1');
    const starts: string[] = [];
    for (let t = Date.UTC(2026, 5, 1) - 1; starts.length < 4;) {
      t = nextStart(either, t) ?? Infinity;
      starts.push(new Date(t).toISOString().slice(0, 10));
    }
    expect(starts).toEqual(['2026-06-01', '2026-06-08', '2026-06-15', '2026-06-22']);
    // ...and ANDed when one is *: the 1st only if it is a Monday.
    expect(new Date(nextStart(parseSchedule('0 0 1 * *'), Date.UTC(2026, 5, 2)) ?? 0).toISOString()).toBe(
      '2026-07-01T00:00:00.000Z',
    );
  });

  test('the configuration and the model read a schedule with one parser: they accept and refuse the same', () => {
    const schedules = [
      '0 8 * * 1-5',
      '*/15 0-6,22 1 jan-MAR mon-fri',
      '5/20 * * * *',
      '0 0 1 * 1',
      '? ? ? ? ?',
      '0 8 * * 7',
      '0 25 * * *',
      '0 8-6 * * *',
      '1-2-3 * * * *',
      '1/2/3 * * * *',
      '*/0 * * * *',
      '*-5 * * * *',
      '0 8 * * funday',
      // A name that is a property of every JavaScript object is still not a month.
      '0 8 * constructor *',
      '0 8 * *',
      '0 0 8 * * 1-5',
      '',
    ];
    for (const schedule of schedules) {
      let modelRefuses = false;
      try {
        parseSchedule(schedule);
      } catch (error) {
        expect(error).toBeInstanceOf(SyncWindowError);
        modelRefuses = true;
      }
      expect([schedule, modelRefuses]).toEqual([schedule, cronProblem(schedule, 5) !== undefined]);
    }
    expect(() => parseSchedule('0 8 * constructor *')).toThrow(/failed to parse "constructor"/);
  });

  test('refuses what it does not model instead of guessing', () => {
    const and: SyncWindowSpec = { ...window('allow', true, false), andOperator: true };
    expect(() => canSync([and], { manual: true, now: NOW })).toThrow(/andOperator/);
    expect(() =>
      isActive({ kind: 'allow', schedule: '0 8 * * *', duration: '1h', timeZone: 'Mars/Olympus' }, NOW),
    ).toThrow(/unknown time zone/);
  });
});

describe('syncOverrun: a running sync across the window edge, as ArgoCD 3.5 decides it', () => {
  // The cases of argo-cd v3.5.1 types_test.go TestSyncWindows_SyncOverrun, at a fixed time: a
  // window starting at this minute is active now; one that started an hour ago for 30 minutes
  // has closed.
  const MINUTE = 60_000;
  // Half a minute past NOW, as ArgoCD's tests run at time.Now(): a window starting at NOW's minute is open.
  const T = NOW + 30_000;
  const at = (t: number) => `${new Date(t).getUTCMinutes()} ${new Date(t).getUTCHours()} * * *`;
  const activeNow = (kind: 'allow' | 'deny', duration: string, syncOverrun?: boolean): SyncWindowSpec => ({
    kind,
    schedule: at(T),
    duration,
    syncOverrun,
  });
  const closedAllow = (syncOverrun?: boolean): SyncWindowSpec => ({
    kind: 'allow',
    schedule: at(T - HOUR),
    duration: '30m',
    syncOverrun,
  });
  const resumed = (windows: SyncWindowSpec[], startedMinutesAgo: number) =>
    canSync(windows, { manual: false, now: T, operationStartedAt: T - startedMinutesAgo * MINUTE });

  test.each([
    ['started in an allow window with overrun, resumed after it closed', [closedAllow(true)], 45, true],
    ['started in an allow window without overrun, resumed after it closed', [closedAllow()], 45, false],
    [
      'started before a deny window with overrun',
      [activeNow('allow', '24h'), activeNow('deny', '15m', true)],
      25,
      true,
    ],
    ['started before a deny window without overrun', [activeNow('allow', '24h'), activeNow('deny', '15m')], 25, false],
    [
      'started in an allow window with overrun, now in a deny window without',
      [closedAllow(true), activeNow('deny', '1h')],
      45,
      false,
    ],
    [
      'started in an allow window without overrun, now in a deny window with it',
      [closedAllow(), activeNow('deny', '1h', true)],
      45,
      true,
    ],
    [
      'started when the inactive allow window refused it, now in a deny window with overrun',
      [
        { kind: 'allow', schedule: at(T - 3 * HOUR), duration: '30m' },
        activeNow('deny', '1h', true),
      ] as SyncWindowSpec[],
      60,
      false,
    ],
  ])('%s: %s', (_what, windows, minutesAgo, expected) => {
    expect(resumed(windows, minutesAgo)).toBe(expected);
  });

  test('a sync about to start gets nothing from overrun', () => {
    expect(canSync([closedAllow(true)], { manual: false, now: T })).toBe(false);
    expect(canSync([activeNow('deny', '15m', true)], { manual: false, now: T })).toBe(false);
  });
});

interface Project {
  metadata: { name: string };
  spec: { syncWindows?: SyncWindowSpec[] };
}

describe('the windows in dist/argocd/ mean what docs/delivery.md says', () => {
  const { project, environments } = projectConfig();
  const projects = distManifests('dist/argocd').filter((o) => o.kind === 'AppProject') as unknown as Project[];
  const windows = projects.find((p) => p.metadata.name === project.delivery.project)?.spec.syncWindows ?? [];
  const production = environments.find((e) => e.tier === 'production');
  const app = `${project.product.name}-${production?.name}`;

  /** Weekday and minute of the day in Berlin, read by Intl (independently of the model). */
  const berlin = (t: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Berlin',
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(t)
        .map((p) => [p.type, p.value]),
    );
    return {
      weekday: parts.weekday,
      seconds: Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second),
    };
  };
  const workingHours = (t: number) => {
    const { weekday, seconds } = berlin(t);
    return !['Sat', 'Sun'].includes(weekday) && seconds > 8 * 3600 && seconds < 17 * 3600;
  };

  test('production has windows and they apply to its Application', () => {
    expect(windowsFor(windows, app).length).toBeGreaterThan(0);
  });

  // A winter and a summer week (Berlin is UTC+1, then UTC+2), every ten minutes plus a second.
  test.each([
    ['January', Date.UTC(2026, 0, 12)],
    ['July', Date.UTC(2026, 6, 13)],
  ])('production is synced by hand only on weekdays 08:00-17:00 Berlin time (%s)', (_month, monday) => {
    const mine = windowsFor(windows, app);
    const wrong: string[] = [];
    for (let t = monday - 2 * HOUR + 1000; t < monday + 7 * 24 * HOUR; t += 10 * 60_000) {
      const manual = canSync(mine, { manual: true, now: t });
      if (manual !== workingHours(t))
        wrong.push(`${new Date(t).toISOString()}: manual sync ${manual ? 'allowed' : 'refused'}`);
      // Automated syncs (were they switched on) would never run outside the window either.
      if (canSync(mine, { manual: false, now: t }) && !manual)
        wrong.push(`${new Date(t).toISOString()}: automatic only`);
    }
    expect(wrong).toEqual([]);
  });

  /**
   * A sync of production started at 16:55 Berlin time on a Friday, its waves resuming as ArgoCD
   * resumes them (controller/sync.go SyncAppState asks CanSync with the operation's start on
   * every resume): config (wave -2), databases (-1), the migration (0) before 17:00, the
   * Deployments (1) and the smoke test after. Friday 16 January 2026, Berlin is UTC+1.
   */
  const started = Date.UTC(2026, 0, 16, 15, 55);
  const resumes = [0, 1, 2, 4, 6, 9].map((m) => started + m * 60_000);
  /** The first time at or after `from` at which ArgoCD lets the operation go on. */
  const resumesAt = (mine: SyncWindowSpec[], from: number) => {
    for (let t = from; t < from + 7 * 24 * HOUR; t += 60_000)
      if (canSync(mine, { manual: true, now: t, operationStartedAt: started })) return t;
    return undefined;
  };

  test('a sync started at 16:55 keeps running past 17:00 and completes (syncOverrun)', () => {
    const mine = windowsFor(windows, app);
    expect(mine.every((w) => w.kind !== 'allow' || w.syncOverrun === true)).toBe(true);
    expect(canSync(mine, { manual: true, now: started })).toBe(true);
    expect(resumes.map((t) => canSync(mine, { manual: true, now: t, operationStartedAt: started }))).toEqual(
      resumes.map(() => true),
    );
    // No new sync starts after 17:00 all the same.
    expect(canSync(mine, { manual: true, now: started + 9 * 60_000 })).toBe(false);
  });

  test('without syncOverrun the same sync is frozen after its migration until Monday 08:00', () => {
    const without = windowsFor(windows, app).map((w) => ({ ...w, syncOverrun: false }));
    const allowed = resumes.map((t) => canSync(without, { manual: true, now: t, operationStartedAt: started }));
    expect(allowed).toEqual([true, true, true, true, false, false]);
    expect(new Date(resumesAt(without, resumes[4]) ?? 0).toISOString()).toBe('2026-01-19T07:01:00.000Z');
  });

  test('docs/delivery.md states the same rule', () => {
    const readme = fs.readFileSync(`${__dirname}/../docs/delivery.md`, 'utf8');
    expect(readme).toMatch(/refused outside its allow window/);
  });

  test('environments without windows may sync at any time', () => {
    for (const env of environments.filter((e) => e.delivery.syncWindows.length === 0))
      expect(windowsFor(windows, `${project.product.name}-${env.name}`)).toEqual([]);
  });
});

describe('windows are checked when the configuration is loaded', () => {
  const PROD = 'config/environments/production.yaml';
  /** The committed configuration with production's file edited (in memory: nothing is written). */
  const withProduction = (change: (d: Document) => void) => editedConfig([PROD, change]);
  const problems = (change: (d: Document) => void) =>
    configRefusal(() => loadConfig(ROOT, withProduction(change))).problems;

  test('refuses an allow window with manualSync where only people sync: it would restrict nothing', () => {
    const [problem] = problems((d) => d.setIn(['delivery', 'syncWindows', 0, 'manualSync'], true));
    expect(problem).toEqual(
      expect.objectContaining({ file: PROD, field: 'delivery.syncWindows.0.manualSync', line: expect.any(Number) }),
    );
    expect(problem.message).toMatch(/restrict nothing/);
  });

  test('accepts it where ArgoCD syncs automatically (manual syncs outside, automatic ones inside)', () => {
    const automated = withProduction((d) => {
      d.setIn(['delivery', 'syncWindows', 0, 'manualSync'], true);
      d.setIn(['delivery', 'automated'], true);
    });
    expect(() => loadConfig(ROOT, automated)).not.toThrow();
  });

  test.each([
    ['schedule', '0 8 * * 7', /day of week: 7 is outside 0-6/],
    ['schedule', '@daily', /5-field|descriptors/],
    ['timeZone', 'Europe/Atlantis', /must be an IANA time zone/],
  ])('refuses a window %s ArgoCD cannot read: %s', (field, value, reason) => {
    const problem = problems((d) => d.setIn(['delivery', 'syncWindows', 0, field], value)).find(
      (p) => p.field === `delivery.syncWindows.0.${field}`,
    );
    expect(problem?.line).toEqual(expect.any(Number));
    expect(problem?.message).toMatch(reason);
  });
});
