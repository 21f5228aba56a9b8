// Spans of time as the API gives them: where a date lies on a line of
// years, and how an end is said in words. Every dated thing has an
// end_status: ended (its end given), ongoing (the article says it goes on
// at its date) or unknown (no end given; known_until is then the last date
// the article attests it). An end the API does not qualify is said to be
// not given, never "ongoing" by default.
import { h } from './lib.js';

// A date of the API as a number of years, at its start or its end: June
// 2011 starts at 2011.417 and ends at 2011.5; the year 2010 ends at 2011.
export function yearAt(d, edge = 'start') {
  if (d.month) return d.year + (d.month - (edge === 'start' ? 1 : 0)) / 12;
  return d.year + (edge === 'start' ? 0 : 1);
}

// x: an item of the API (a partnership, an event, a funding record: each
// has end_status and known_until at its top level).
export function endState(x) {
  if (x.end_status === 'ended' || x.end_status === 'ongoing' || x.end_status === 'unknown') return x.end_status;
  return x.end ? 'ended' : 'unknown';
}

// The date a span is drawn solid to: its end, or the last date the article
// attests it; null for one that goes on (it runs to the edge) or one known
// at no date after its start.
export function lastDate(state, end, known) {
  if (state === 'ended') return end;
  if (state === 'unknown') return known;
  return null;
}

// How an end is said, without its date's "(inferred)": its date; "goes on
// (the article says so)"; "no end given, known until June 2011".
export function endWords(state, end, known) {
  if (state === 'ongoing') return 'goes on (the article says so)';
  if (state === 'unknown') return known ? `no end given, known until ${known.label}` : 'no end given';
  return end ? end.label : 'no end given';
}

// The same with "(inferred)" after a date the article implies.
export function endSaid(state, end, known) {
  const d = lastDate(state, end, known);
  return `${endWords(state, end, known)}${d && d.inferred ? ' (inferred)' : ''}`;
}

// The tag beside a fact's date when its end is not an end given: what the
// article says of its end, in words; nothing for an ended one.
export function endTag(x) {
  const state = endState(x);
  if (state === 'ended') return null;
  return h(
    'span',
    {
      class: `tag tag-end tag-${state}`,
      title:
        state === 'ongoing'
          ? 'The article says this goes on at its date.'
          : 'The article gives no end and does not say it goes on; it tells of it last at the date given.',
    },
    endWords(state, x.end || null, x.known_until || null),
  );
}

// The spans of the axis: every partnership and every running total of
// money, each {kind, id, name, start, end, state, known, item}.
export function spansOf(partnerships, funding) {
  const one = (kind, x, name, start, end) => ({ kind, id: x.id, name, start, end, state: endState({ ...x, end }), known: x.known_until || null, item: x });
  return [
    ...partnerships.map((p) => one('partnerships', p, p.name, p.start, p.end)),
    ...funding.filter((f) => f.cumulative).map((f) => one('funding', f, `${f.name} (a running total)`, f.period.start, f.period.end)),
  ];
}
