// Spans of time as the API gives them: where a date lies on a line of
// years, and how an end is said in words. A partnership's end is ended
// (its end given), ongoing (the article says it goes on) or unknown (no end
// given): the API's end_status where it gives one, else an end date means
// ended and no end date means no end given (never "ongoing" by default).

// A date of the API as a number of years, at its start or its end: June
// 2011 starts at 2011.417 and ends at 2011.5; the year 2010 ends at 2011.
export function yearAt(d, edge = 'start') {
  if (d.month) return d.year + (d.month - (edge === 'start' ? 1 : 0)) / 12;
  return d.year + (edge === 'start' ? 0 : 1);
}

export function endState(x) {
  if (x.end_status === 'ended' || x.end_status === 'ongoing' || x.end_status === 'unknown') return x.end_status;
  return x.end ? 'ended' : 'unknown';
}

// How the end of a span is said: its date, "ongoing" or "no end given".
export function endWords(x) {
  const state = endState(x);
  if (state === 'ongoing') return 'ongoing';
  if (state === 'unknown' || !x.end) return state === 'ended' ? 'ended, when not given' : 'no end given';
  return x.end.label;
}

// The spans of the axis: every partnership and every running total of
// money, each {kind, id, name, start, end, state, item}.
export function spansOf(partnerships, funding) {
  return [
    ...partnerships.map((p) => ({ kind: 'partnerships', id: p.id, name: p.name, start: p.start, end: p.end, state: endState(p), item: p })),
    ...funding
      .filter((f) => f.cumulative)
      .map((f) => ({
        kind: 'funding',
        id: f.id,
        name: `${f.name} (a running total)`,
        start: f.period.start,
        end: f.period.end,
        state: endState({ end: f.period.end, end_status: f.period.end_status }),
        item: f,
      })),
  ];
}
