import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MainLoop } from '../../src/engine/mainLoop.js';
import type { InputSource, PollResult } from '../../src/input/sources.js';
import { harness } from '../support/harness.js';

/** An input that hands out `lines` (with their scan thread tickets), one per poll, then ends. */
function source(name: string, lines: [string, number][]): InputSource {
  let next = 0;
  return {
    name,
    context: `_FILE_EVENT_${name}`,
    get ended() {
      return next >= lines.length;
    },
    poll: (): PollResult => {
      if (next >= lines.length) return { line: null, newData: false, ticket: -1 };
      const [line, ticket] = lines[next++];
      return { line, newData: false, ticket };
    },
    close: () => undefined,
  };
}

test('each line reaches the feeder with its own scan thread ticket, also when an input is dropped while lines of a round wait', async () => {
  const a = source('a', [['a1', 11]]);
  const b = source('b', [['b1', 21]]);
  const c = source('c', [
    ['c1', 31],
    ['c2', 32],
  ]);
  const fed: [string, number][] = [];
  let loop: MainLoop | null = null;
  const done = new Promise<void>((resolve) => {
    loop = new MainLoop(harness('').engine, [a, b, c], {
      pollTimeout: 0.01,
      exitAtEnd: true,
      onEnd: resolve,
      feeder: {
        feedLine: (line, _source, _context, ticket) => {
          fed.push([line, ticket]);
          // an action dropped input b: its line of this round goes, the others keep their tickets
          if (line === 'a1') loop?.setSources([a, c]);
        },
        endTurn: () => undefined,
        inputNow: () => 0,
      },
    });
  });
  (loop as unknown as MainLoop).start();
  await done;
  assert.deepEqual(fed, [
    ['a1', 11],
    ['c1', 31],
    ['c2', 32],
  ]);
});
