/**
 * The written reports laid out as Word documents from their facts (facts.ts): the period evaluation
 * report of a unit (考评报告, the 结果考评 step) and the bulletin of late and red items (情况通报).
 * Pure: facts in, the .docx and its file names out; the words and numbers of both are here.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Board, LightCounts, UnitRow } from '../../supervision/board';
import { type LocalDate, type Period, type PeriodKind, localDateOf } from '../../supervision/calendar';
import type { CardColor, CardReason } from '../../supervision/cards';
import type { Light } from '../../supervision/lights';
import type { Rate } from '../../supervision/rates';
import type { Ranked } from '../../supervision/ranking';
import { HEADER_SHADE, SHADES, localDateTime, monthLabel } from '../format';
import { CARD_LABELS, LIGHT_LABELS, STATUS_LABELS, labelOrCode } from '../labels';
import type { Author, BulletinFacts, EvaluationFacts, MatterEntry, PeriodFacts, PlanOutcome } from './facts';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const PLAN_LABELS: Record<PeriodKind, string> = { year: '年度计划', month: '月度计划', week: '周计划' };
const OUTCOME_LABELS: Record<PlanOutcome, string> = { onTime: '按期完成', late: '逾期完成', missed: '逾期未完成', pending: '未到期' };

/* ───────────────────────────── words and numbers ───────────────────────────── */

const dayLabel = (date: LocalDate, withYear: boolean) => `${withYear ? `${date.slice(0, 4)}年` : ''}${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** 2026年度, 2026年11月, 2026年11月16日至11月22日. */
export function periodLabel(period: Period): string {
  switch (period.kind) {
    case 'year':
      return `${period.start.slice(0, 4)}年度`;
    case 'month':
      return monthLabel(period.start);
    case 'week':
      return `${dayLabel(period.start, true)}至${dayLabel(period.end, period.end.slice(0, 4) !== period.start.slice(0, 4))}`;
  }
}

/** The period in ASCII for a fallback file name: 2026, 2026-11, 2026-11-16_2026-11-22. */
export function periodKey(period: Period): string {
  switch (period.kind) {
    case 'year':
      return period.start.slice(0, 4);
    case 'month':
      return period.start.slice(0, 7);
    case 'week':
      return `${period.start}_${period.end}`;
  }
}

/**
 * An attachment header for a file name in any script: an ASCII `filename` for old clients and the
 * real name as `filename*` (RFC 5987/6266), where everything outside attr-char is percent-encoded.
 */
export function contentDisposition(filename: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const fallback = asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Characters Windows refuses in a file name. */
const safeName = (text: string) => text.replace(/[\\/:*?"<>|\s]+/g, '_');

export function percent(rate: Rate): string {
  return rate.value === undefined ? '—' : `${(rate.value * 100).toFixed(1)}%`;
}

/** A ranking score (0…1) as the points a report shows (0…100). */
const points = (score: number | undefined) => (score === undefined ? '—' : (score * 100).toFixed(2));

const counted = (items: Array<[string, number]>, measure: string) => items.map(([label, n]) => `${label} ${n} ${measure}`).join('、');

/** 亮灯 M 盏，其中绿灯 g 盏、蓝灯 b 盏、黄灯 y 盏、红灯 r 盏: the county article's order, white only when there is one. */
export function lightsSentence(counts: LightCounts): string {
  const lit = counted((['green', 'blue', 'yellow', 'red'] as const).map((l) => [LIGHT_LABELS[l], counts[l]]), '盏');
  return `亮灯 ${counts.total} 盏，其中${lit}${counts.white > 0 ? `、${LIGHT_LABELS.white} ${counts.white} 盏（未启动）` : ''}`;
}

export function cardsSentence(counts: Record<CardColor, number> & { total: number }): string {
  return `亮牌 ${counts.total} 张，其中${counted((['green', 'yellow', 'red'] as const).map((c) => [CARD_LABELS[c], counts[c]]), '张')}`;
}

function cardNote(reason: CardReason, units: Map<string, string>, itemTitles: Map<string, string>): string {
  switch (reason.kind) {
    case 'planCompleted':
      return `完成月度计划 ${reason.itemIds.length} 项`;
    case 'planIncomplete':
      return `未完成：${reason.missedItemIds.map((id) => itemTitles.get(id) ?? id).join('、')}`;
    case 'jointResponsibility':
      return `配合单位${units.get(reason.coUnitId) ?? reason.coUnitId}亮红牌，牵头单位负连带责任`;
  }
}

/* ───────────────────────────── the document ───────────────────────────── */

type Block = Paragraph | Table;
type Cell = string | number | { text: string; shade?: string };

const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' };
const HEADING_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };

const title = (text: string) => new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun({ text, font: HEADING_FONT })] });
const subtitle = (text: string) => new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun(text)] });
const heading = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_1, spacing: { before: 240, after: 120 }, children: [new TextRun({ text, font: HEADING_FONT })] });
const para = (text: string) => new Paragraph({ spacing: { after: 120 }, indent: { firstLine: 480 }, children: [new TextRun(text)] });
const closing = (text: string) => new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 480 }, children: [new TextRun(text)] });

function cellOf(cell: Cell, header = false): TableCell {
  const { text, shade } = typeof cell === 'object' ? cell : { text: String(cell), shade: undefined };
  return new TableCell({
    shading: shade ? { type: ShadingType.CLEAR, color: 'auto', fill: shade } : header ? { type: ShadingType.CLEAR, color: 'auto', fill: HEADER_SHADE } : undefined,
    children: [new Paragraph({ children: [new TextRun({ text, bold: header })] })],
  });
}

/** Text width of an A4 page with docx's default margins, in twentieths of a point. */
const TEXT_WIDTH = 11_906 - 2 * 1_440;
/** Columns share the width by what they hold: numbers are narrow, titles and notes wide. */
const COLUMN_WEIGHTS: Record<string, number> = { 序号: 1, 排名: 1, 红灯: 1, 事项: 5, 计划事项: 4, 所属事项: 4, 最新进展: 5, 说明: 5, 未完成计划: 5, 单位: 3, 责任单位: 3, 牵头单位: 3 };

function table(headers: string[], rows: Cell[][]): Table {
  const weights = headers.map((h) => COLUMN_WEIGHTS[h] ?? 2);
  const sum = weights.reduce((a, b) => a + b, 0);
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: weights.map((w) => Math.floor((TEXT_WIDTH * w) / sum)),
    rows: [new TableRow({ tableHeader: true, children: headers.map((h) => cellOf(h, true)) }), ...rows.map((r) => new TableRow({ children: r.map((c) => cellOf(c)) }))],
  });
}

const lightCell = (light: Light): Cell => ({ text: LIGHT_LABELS[light], shade: SHADES[light] });
const cardCell = (color: CardColor): Cell => ({ text: CARD_LABELS[color], shade: SHADES[color] });
const statusLabel = (status: string) => labelOrCode(STATUS_LABELS, status);

async function packed(heading: string, sections: Block[][]): Promise<Buffer> {
  const document = new Document({
    creator: 'duban',
    title: heading,
    styles: { default: { document: { run: { font: BODY_FONT, size: 24 } } } },
    sections: sections.map((children) => ({ children })),
  });
  return Packer.toBuffer(document);
}

export interface ReportFile {
  file: Buffer;
  filename: string;
  asciiFilename: string;
}

function generatedLine(author: Author, facts: PeriodFacts, timeZone: string): string {
  return `本报告由${author.displayName}（${author.username}）于 ${localDateTime(facts.now, timeZone)} 生成，数据截至 ${localDateTime(facts.at, timeZone)}。`;
}

const rankedCount = (board: Board) => board.units.filter((u) => u.rank !== undefined).length;

function rateSentence(row: UnitRow): string {
  return (
    `计划完成率 ${percent(row.planCompletion)}（按期完成 ${row.planCompletion.numerator} 项 / 应完成 ${row.planCompletion.denominator} 项）；` +
    `亮灯率 ${percent(row.light)}（蓝灯和绿灯 ${row.light.numerator} 盏 / 亮灯 ${row.light.denominator} 盏）；` +
    `亮牌率 ${percent(row.card)}（绿牌 ${row.card.numerator} 张 / 亮牌 ${row.card.denominator} 张）。`
  );
}

function summarySentence(row: Ranked<UnitRow> | undefined, board: Board): string {
  if (!row) return '该单位不在本期考评范围内。';
  if (row.rank === undefined) return `本期无到期计划、亮灯和亮牌，不参与排名。${rateSentence(row)}`;
  return `本期综合得分 ${points(row.score)} 分，在参评的 ${rankedCount(board)} 个单位中排名第 ${row.rank} 位。${rateSentence(row)}`;
}

/** One unit's evaluation: summary, lights, cards, its matters, its overdue tasks and its plan items. */
function evaluationSection(unitId: string, facts: PeriodFacts, matters: MatterEntry[], author: Author, timeZone: string): Block[] {
  const name = facts.units.get(unitId) ?? unitId;
  const row = facts.board.units.find((u) => u.id === unitId);
  const { period } = facts;
  const cards = facts.cards.filter((c) => c.unitId === unitId);
  const redNodes = facts.redNodes.filter((n) => n.unitId === unitId);
  const plans = facts.plans.filter((p) => p.unitId === unitId);
  const lights = row?.lights ?? { white: 0, blue: 0, green: 0, yellow: 0, red: 0, total: 0 };
  const cardCounts = { green: 0, yellow: 0, red: 0, total: cards.length };
  for (const card of cards) cardCounts[card.color] += 1;
  const unitsOf = (ids: string[]) => ids.map((id) => facts.units.get(id) ?? id).join('、');

  return [
    title(`${name}${periodLabel(period)}督查考评报告`),
    subtitle(`考评期间：${period.start} 至 ${period.end}`),
    heading('一、总体情况'),
    para(summarySentence(row, facts.board)),
    heading('二、亮灯情况'),
    para(`本期${lightsSentence(lights)}。`),
    heading('三、亮牌情况'),
    para(`本期${cardsSentence(cardCounts)}。`),
    ...(cards.length > 0 ? [table(['序号', '亮牌', '事项', '月份', '说明'], cards.map((c, i) => [i + 1, cardCell(c.color), c.matterTitle, c.month, cardNote(c.reason, facts.units, facts.itemTitles)]))] : []),
    heading('四、承担事项'),
    matters.length === 0
      ? para('本期无承担的督办事项。')
      : table(
          ['序号', '事项', '职责', '亮灯', '状态', '办结时限', '最新进展'],
          matters.map((m, i) => [
            i + 1,
            m.title,
            m.leadUnit === unitId ? '牵头' : `配合（牵头：${unitsOf(m.leadUnit ? [m.leadUnit] : [])}）`,
            lightCell(m.light),
            m.overdueDays === undefined ? statusLabel(m.status) : `${statusLabel(m.status)}，逾期 ${m.overdueDays} 天`,
            m.deadline ?? '—',
            m.progress ?? '—',
          ]),
        ),
    heading('五、逾期任务'),
    redNodes.length === 0
      ? para('本期无逾期任务。')
      : table(
          ['序号', '事项', '环节', '到期日期', '完成日期', '逾期天数'],
          redNodes.map((n, i) => [i + 1, n.matterTitle, n.node, n.dueDate, n.completedOn ?? '未完成', n.daysOverdue]),
        ),
    heading('六、计划完成情况'),
    plans.length === 0
      ? para('本期无到期的计划事项。')
      : table(
          ['序号', '计划事项', '所属事项', '类别', '到期日期', '完成日期', '完成情况'],
          plans.map((p, i) => [i + 1, p.title, p.matterTitle, PLAN_LABELS[p.plan], p.dueDate, p.completedOn ?? '—', OUTCOME_LABELS[p.outcome]]),
        ),
    closing(generatedLine(author, facts, timeZone)),
  ];
}

/** The evaluation report of one unit, or of every rated unit in rank order, one section each. */
export async function evaluationDocument(facts: EvaluationFacts, timeZone: string): Promise<ReportFile> {
  const unitIds = facts.unitId ? [facts.unitId] : facts.board.units.map((u) => u.id);
  const sections = unitIds.map((unitId) =>
    evaluationSection(
      unitId,
      facts,
      facts.matters.filter((m) => m.leadUnit === unitId || m.coUnits.includes(unitId)),
      facts.author,
      timeZone,
    ),
  );
  const label = periodLabel(facts.period);
  const who = facts.unitId ? (facts.units.get(facts.unitId) ?? facts.unitId) : '全部单位';
  return {
    file: await packed(`${who}${label}督查考评报告`, sections),
    filename: `考评报告_${safeName(who)}_${label}.docx`,
    asciiFilename: `evaluation_${facts.unitId ?? 'all'}_${periodKey(facts.period)}.docx`,
  };
}

/** The first few and the last few ranked units, without overlap. */
export function topAndBottom<T>(ranked: readonly T[], size = 3): { top: T[]; bottom: T[] } {
  const top = ranked.slice(0, Math.min(size, Math.ceil(ranked.length / 2)));
  const bottom = ranked.slice(Math.max(top.length, ranked.length - size));
  return { top, bottom };
}

/** The bulletin of the period: the count summary, the ranking, every red light and red card, and the late matters. */
export async function bulletinDocument(facts: BulletinFacts, timeZone: string): Promise<ReportFile> {
  const { board, period, lateMatters } = facts;
  const types: Array<[string, number]> = facts.types.map(([type, n]) => [type ?? '未分类', n]);
  const label = periodLabel(period);
  const unitName = (id: string | null) => (id ? (facts.units.get(id) ?? id) : '—');
  const total = types.reduce((sum, [, n]) => sum + n, 0);
  const ranked = board.units.filter((u) => u.rank !== undefined);
  const { top, bottom } = topAndBottom(ranked);
  const named = (rows: typeof ranked) => rows.map((u) => `${u.name}（${points(u.score)} 分）`).join('、');
  const redCards = facts.cards.filter((c) => c.color === 'red');

  const summary =
    `${label}（${period.start} 至 ${period.end}），共有督办事项 ${total} 个` +
    (types.length > 1 ? `，其中${counted(types, '个')}` : '') +
    `；${lightsSentence(board.lights)}，涉及 ${board.lights.units} 个单位` +
    `；${cardsSentence(board.cards)}，涉及 ${board.cards.units} 个单位、${board.cards.matters} 个事项` +
    `；逾期事项 ${lateMatters.length} 个。`;

  const blocks: Block[] = [
    title('督查督办情况通报'),
    subtitle(`（${label}）`),
    heading('一、总体情况'),
    para(summary),
    heading('二、单位排名'),
    para(
      ranked.length === 0
        ? '本期无参与排名的单位。'
        : `本期 ${ranked.length} 个单位参与排名。排名靠前的是：${named(top)}` +
            (bottom.length > 0 ? `；排名靠后的是：${named(bottom)}。` : '。') +
            (board.units.length > ranked.length ? `另有 ${board.units.length - ranked.length} 个单位本期无考评数据。` : ''),
    ),
    ...(ranked.length > 0
      ? [
          table(
            ['排名', '单位', '综合得分', '计划完成率', '亮灯率', '亮牌率', '红灯'],
            ranked.map((u) => [u.rank!, u.name, points(u.score), percent(u.planCompletion), percent(u.light), percent(u.card), u.redLights]),
          ),
        ]
      : []),
    heading('三、红灯通报'),
    para(facts.redNodes.length === 0 ? '本期无红灯。' : `本期亮红灯 ${facts.redNodes.length} 盏，逐项通报如下：`),
    ...(facts.redNodes.length > 0
      ? [
          table(
            ['序号', '事项', '环节', '责任单位', '到期日期', '逾期天数', '完成情况'],
            facts.redNodes.map((n, i) => [i + 1, n.matterTitle, n.node, unitName(n.unitId), n.dueDate, n.daysOverdue, n.completedOn ? `${n.completedOn} 逾期完成` : '未完成']),
          ),
        ]
      : []),
    heading('四、红牌通报'),
    para(redCards.length === 0 ? '本期无红牌。' : `本期亮红牌 ${redCards.length} 张，逐项通报如下：`),
    ...(redCards.length > 0 ? [table(['序号', '单位', '事项', '月份', '未完成计划'], redCards.map((c, i) => [i + 1, unitName(c.unitId), c.matterTitle, c.month, cardNote(c.reason, facts.units, facts.itemTitles)]))] : []),
    heading('五、逾期事项'),
    para(lateMatters.length === 0 ? '本期无逾期事项。' : `截至 ${localDateOf(facts.at, timeZone)}，逾期事项 ${lateMatters.length} 个：`),
    ...(lateMatters.length > 0
      ? [
          table(
            ['序号', '事项', '牵头单位', '办结时限', '逾期天数', '亮灯', '最新进展'],
            lateMatters.map((m, i) => [i + 1, m.title, unitName(m.leadUnit), m.deadline ?? '—', m.overdueDays ?? 0, lightCell(m.light), m.progress ?? '—']),
          ),
        ]
      : []),
    closing(generatedLine(facts.author, facts, timeZone)),
  ];
  return {
    file: await packed(`督查督办情况通报（${label}）`, [blocks]),
    filename: `情况通报_${label}.docx`,
    asciiFilename: `bulletin_${periodKey(period)}.docx`,
  };
}
