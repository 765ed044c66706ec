import type { Board, Light, Rate } from '../../api/types';
import { text } from '../../i18n';

/** The lights in the order the county's board reports them; white only counts when there are any. */
const reportedLights: readonly Light[] = ['green', 'blue', 'yellow', 'red'];

/** A share as a percentage with one decimal, or a dash when there is none. */
export function formatPercent(value: number | undefined): string {
  return value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}

/** A rate with what it divides: "87.5%（7/8）"; a rate with nothing to divide is a dash. */
export function formatRate(rate: Rate): string {
  return `${formatPercent(rate.value)}${text.punctuation.paren(`${rate.numerator}/${rate.denominator}`)}`;
}

/** A rate or score for a chart: a percentage with one decimal, or null (a gap) when there is none. */
export function chartPercent(value: number | undefined): number | null {
  return value === undefined ? null : Math.round(value * 1000) / 10;
}

/** Ranked rows by rank; unranked rows (no score) last, in the order the server gave them. */
export function byRank<T extends { rank?: number }>(rows: readonly T[]): T[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => (a.row.rank ?? Infinity) - (b.row.rank ?? Infinity) || a.index - b.index)
    .map(({ row }) => row);
}

/** The day's line as the county reports it: "共 241 盏灯（绿 211、蓝 21、黄 0、红 8）涉及 33 个单位；共 731 张牌（…）". */
export function boardSummary(board: Pick<Board, 'lights' | 'cards'>): string {
  const { lights, cards } = board;
  const lightColours = lights.white > 0 ? [...reportedLights, 'white' as const] : reportedLights;
  const lightParts = lightColours.map((light) => `${text.light.short[light]} ${lights[light]}`).join(text.punctuation.list);
  const cardParts = (['green', 'yellow', 'red'] as const).map((card) => `${text.card.short[card]} ${cards[card]}`).join(text.punctuation.list);
  return `${text.board.lightSummary(lights.total, lightParts, lights.units)}${text.punctuation.clauses}${text.board.cardSummary(cards.total, cardParts, cards.units, cards.matters)}`;
}
