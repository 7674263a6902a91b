/**
 * Asserts `predicate` of every item and, on failure, reports the labels of the items that fail
 * (all of them, not just the first), instead of an anonymous `expected true, received false`.
 */
export function expectEach<T>(items: readonly T[], label: (item: T) => string, predicate: (item: T) => boolean): void {
  const failing = items.filter((item) => !predicate(item)).map(label);
  expect(failing).toEqual([]);
}
