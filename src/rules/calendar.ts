// Calendar: no pattern; at the sweep, run the action once in each minute
// that the time spec names (when the context holds).
import { calendarMatches } from './calendarTime.js';
import type { RuleModule } from './module.js';
import type { CalendarRule } from './types.js';

export const calendar: RuleModule<CalendarRule> = {
  matchSpecs: () => [],
  onEvent: (rule) => rule.index + 1,
  sweep(rule, x, now, memo) {
    const d = new Date(now * 1000);
    const minuteStamp = `${d.getFullYear()}-${d.getMonth()}-${d.getDate()} ${d.getHours()}:${d.getMinutes()}`;
    if (memo.last === minuteStamp || !calendarMatches(rule.time, d)) return;
    x.guarded(
      () => `running the Calendar rule in ${rule.file} at line ${rule.line}`,
      () => {
        if (!rule.context || x.contextHolds(rule.context.tokens)) {
          memo.last = minuteStamp;
          x.run(rule.action.actions, rule.desc);
        }
      },
    );
  },
};
