// The log messages of actions, word for word as SEC 2.9.1 writes them
// (each expectation was taken from a run of /usr/bin/sec on the same rule).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { perlLocaltime } from '../../src/time/localtime.js';
import { harness } from '../support/harness.js';

/** The messages logged while one event with this action list is processed. */
function logged(action: string, options = {}): string[] {
  const h = harness(`type=Single\nptype=SubStr\npattern=go\ndesc=go\naction=${action}\n`, options);
  const before = h.logs.length;
  h.feed('go');
  return h.logs.slice(before);
}

test('add, prepend, fill, delete and obsolete say what they do to the store and name each deleted context', () => {
  assert.deepEqual(logged('create C; add C one; prepend C zero; fill D a%{.nl}b; delete C; delete C; obsolete D; obsolete D'), [
    "Creating context 'C'",
    "Adding event(s) 'one' to context 'C'",
    "Prepending event(s) 'zero' to context 'C'",
    "Filling context 'D' with event(s) 'a\nb'",
    "Deleting context 'C'",
    "Context 'C' deleted",
    "Deleting context 'C'",
    "Context 'C' does not exist or is already going through deletion",
    "Obsoleting context 'D'",
    "Deleting stale context 'D'",
    "Stale context 'D' deleted",
    "Obsoleting context 'D'",
    "Context 'D' does not exist or is already going through deletion",
  ]);
});

test('a full store is reported in the words of each action', () => {
  assert.deepEqual(logged('fill S a%{.nl}b%{.nl}c; add S d', { evstoresize: 2 }), [
    "Filling context 'S' with event(s) 'a\nb\nc'",
    "Can't fill context 'S' with event(s) 'a\nb\nc', store full",
    "Adding event(s) 'd' to context 'S'",
  ]);
});

test('unalias tells when the last name of a context went', () => {
  assert.deepEqual(logged('create C; alias C C2; unalias C; unalias C2; unalias C2'), [
    "Creating context 'C'",
    "Creating alias 'C2' for context 'C'",
    "Removing alias 'C'",
    "Removing alias 'C2'",
    "Alias 'C2' was the last reference to a context",
    "Removing alias 'C2'",
    "Alias 'C2' does not exist or the referred context is already going through deletion",
  ]);
});

test('actions that set a variable log the question and the value', () => {
  assert.deepEqual(
    logged(
      'fill C x%{.nl}y%{.nl}z; copy C %a; pop C %b; shift C %c; exists %d C; getsize %e C; getsize %f NONE; getltime %g C; getaliases %h C; empty C %i; empty C; copy NONE %j; free %a; varset %k nothing',
    ),
    [
      "Filling context 'C' with event(s) 'x\ny\nz'",
      "Copying context 'C' to variable '%a'",
      "Variable '%a' set to 'x\ny\nz'",
      "Pop the last element of context 'C' event store into variable '%b'",
      "Variable '%b' set to 'z'",
      "Shift the first element of context 'C' event store into variable '%c'",
      "Variable '%c' set to 'x'",
      "Checking the presence of context 'C'",
      "Variable '%d' set to '1'",
      "Finding the size of context 'C' event store",
      "Variable '%e' set to '1'",
      "Finding the size of context 'NONE' event store",
      "Context 'NONE' does not exist, variable '%f' set to undef",
      "Assigning the lifetime of context 'C' to variable '%g'",
      "Variable '%g' set to '0'",
      "Assigning aliases of context 'C' to variable '%h'",
      "Variable '%h' set to 'C'",
      "Emptying the event store of context 'C'",
      "Variable '%i' set to 'y'",
      "Emptying the event store of context 'C'",
      "Copying context 'NONE' to variable '%j'",
      "Context 'NONE' does not exist, can't copy",
      "Freeing variable '%a'",
      "Checking the presence of pattern match cache entry 'nothing'",
      "Variable '%k' set to '0'",
    ],
  );
});

test('event, tevent and cevent log each event made now or scheduled', () => {
  assert.deepEqual(logged('event now; event 5 later; tevent 0 t0; tevent 3 t3%{.nl}t4; cevent CTX 0 c0; cevent CTX 2 c2; tevent x bad').slice(0, 8), [
    "Creating event 'now'",
    "Scheduling the creation of event 'later' after 5 seconds",
    "Creating event 't0'",
    "Scheduling the creation of event 't3' after 3 seconds",
    "Scheduling the creation of event 't4' after 3 seconds",
    "Creating event 'c0' with context 'CTX'",
    "Scheduling the creation of event 'c2' with context 'CTX' after 2 seconds",
    "Invalid time specification 'x' for creating events",
  ]);
});

test('report, pipe, sigemul and rewrite log before they act', () => {
  assert.deepEqual(logged("fill R r1; report R; pipe 'piped'; report NONE; sigemul FOO; rewrite 1 new line"), [
    "Filling context 'R' with event(s) 'r1'",
    "Reporting the event store of context 'R' through shell command ''",
    "Feeding event 'piped' to shell command ''",
    "Reporting the event store of context 'NONE' through shell command ''",
    "Context 'NONE' does not exist, can't report",
    "Emulating the arrival of 'FOO' signal",
    "The arrival of 'FOO' signal can't be emulated",
    "Input buffer rewritten with 'new line'",
  ]);
});

test('setltime and setctime show the value they set, a time as local time', () => {
  assert.deepEqual(logged('create L 10; setltime L 0005; setltime NONE 3; setltime L x; setctime 1 L; setctime 99999999999 L'), [
    "Creating context 'L'",
    "Setting the lifetime of context 'L' to '5'",
    "Setting the lifetime of context 'NONE' to '3'",
    "Context 'NONE' does not exist, can't set lifetime",
    "Invalid lifetime 'x' for context 'L'",
    `Setting the creation time of context 'L' to '${perlLocaltime(1)}'`,
    `Can't set context creation time backwards to '${perlLocaltime(1)}'`,
    `Setting the creation time of context 'L' to '${perlLocaltime(99999999999)}'`,
    `Can't set context creation time into future to '${perlLocaltime(99999999999)}'`,
  ]);
});

test('getwpos and setwpos name the operation they look for (offset 0: this rule)', () => {
  const h = harness('type=Single\nptype=SubStr\npattern=go\ndesc=go\naction=getwpos %p 0 thr; setwpos 1 0 thr; setwpos x 0 thr\n');
  const before = h.logs.length;
  h.feed('go');
  const file = h.config.files[0].path;
  assert.deepEqual(h.logs.slice(before), [
    `Getting event correlation window position for operation '${file} | 0 | thr'`,
    `Operation '${file} | 0 | thr' does not exist, can't get window position`,
    `Moving event correlation window to '${perlLocaltime(1)}' for operation '${file} | 0 | thr'`,
    `Operation '${file} | 0 | thr' does not exist, can't set window position`,
    `Invalid timestamp 'x' for moving the window of operation '${file} | 0 | thr'`,
  ]);
});

test('an internal event is framed by the creation and deletion of its internal context', () => {
  const h = harness('type=Single\nptype=SubStr\npattern=SEC_STARTUP\ndesc=up\naction=logonly started\n');
  const before = h.logs.length;
  h.engine.processInternalEvent('SEC_STARTUP');
  assert.deepEqual(h.logs.slice(before), [
    "Creating SEC internal context 'SEC_INTERNAL_EVENT'",
    "Creating SEC internal event 'SEC_STARTUP'",
    'started',
    "Deleting SEC internal context 'SEC_INTERNAL_EVENT'",
  ]);
});
